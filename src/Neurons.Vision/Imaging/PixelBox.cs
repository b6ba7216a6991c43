namespace Neurons.Vision.Imaging;

/// <summary>An axis-aligned box in pixel coordinates of the original image: corners (x1, y1) and (x2, y2).</summary>
/// <param name="X1">Left.</param>
/// <param name="Y1">Top.</param>
/// <param name="X2">Right.</param>
/// <param name="Y2">Bottom.</param>
public readonly record struct PixelBox(float X1, float Y1, float X2, float Y2)
{
    /// <summary>Converts a normalised centre box <c>(cx, cy, w, h)</c> to pixel corners on a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static PixelBox FromNormalizedCenter(float cx, float cy, float w, float h, int width, int height) =>
        new((cx - (w / 2)) * width, (cy - (h / 2)) * height, (cx + (w / 2)) * width, (cy + (h / 2)) * height);

    /// <summary>Returns the box as <c>[x1, y1, x2, y2]</c>.</summary>
    public List<float> ToList() => [X1, Y1, X2, Y2];
}
