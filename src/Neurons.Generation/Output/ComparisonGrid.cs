namespace Neurons.Generation.Output;

/// <summary>
/// The reference's side-by-side frame (<c>save_videos_grid</c>: torchvision <c>make_grid</c>, padding 2, black):
/// ground truth at columns 2..S+1, the generated frame at S+4..2S+3, in an (S+4)×(2S+6) image.
/// </summary>
public static class ComparisonGrid
{
    /// <summary>The grid padding in pixels.</summary>
    public const int Padding = 2;

    /// <summary>Returns the grid width for frames of side <paramref name="size"/>.</summary>
    public static int Width(int size) => (2 * (size + Padding)) + Padding;

    /// <summary>Returns the grid height for frames of side <paramref name="size"/>.</summary>
    public static int Height(int size) => size + (2 * Padding);

    /// <summary>Places two S×S RGB frames side by side on black.</summary>
    public static byte[] Compose(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> generated, int size)
    {
        var rowBytes = size * 3;
        if (truth.Length != size * rowBytes || generated.Length != size * rowBytes)
        {
            throw new ArgumentException($"frames must be {size}×{size} RGB ({size * rowBytes} bytes), got {truth.Length} and {generated.Length}");
        }

        int width = Width(size), height = Height(size);
        var grid = new byte[width * height * 3];
        for (var row = 0; row < size; row++)
        {
            var top = (((row + Padding) * width) + Padding) * 3;
            truth.Slice(row * rowBytes, rowBytes).CopyTo(grid.AsSpan(top));
            generated.Slice(row * rowBytes, rowBytes).CopyTo(grid.AsSpan(top + ((size + Padding) * 3)));
        }

        return grid;
    }
}
