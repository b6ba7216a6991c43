using Neurons.Annotation.KeyObjects;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Tests.KeyObjects;

/// <summary>Hand-built masks: axis-aligned rectangles on a small frame.</summary>
internal static class MaskFixtures
{
    public const int Size = 100;

    /// <summary>A mask of the rectangle with top-left (x, y), width w and height h.</summary>
    public static ObjectMask Box(int frame, string label, int x, int y, int w, int h, int size = Size)
    {
        var pixels = new bool[size * size];
        for (var row = y; row < y + h; row++)
        {
            for (var col = x; col < x + w; col++)
            {
                pixels[(row * size) + col] = true;
            }
        }

        return new ObjectMask(frame, label, size, size, MaskBits.Pack(pixels));
    }

    /// <summary>An empty mask.</summary>
    public static ObjectMask Empty(int frame, string label) => new(frame, label, Size, Size, new byte[((Size * Size) + 7) / 8]);

    /// <summary>A 10×10 box whose top-left moves by (dx, dy) per frame over the given frames.</summary>
    public static IEnumerable<ObjectMask> Moving(string label, int x, int y, int dx, int dy, int frames = 6, int side = 10) =>
        Enumerable.Range(0, frames).Select(f => Box(f, label, x + (dx * f), y + (dy * f), side, side));
}
