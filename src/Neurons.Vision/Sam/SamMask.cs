namespace Neurons.Vision.Sam;

/// <summary>A SAM mask at the original image size, thresholded at the mask threshold.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">Row-major mask (true = object).</param>
/// <param name="PredictedIou">The decoder's predicted IoU for the chosen mask.</param>
public sealed record SamMask(int Width, int Height, bool[] Pixels, float PredictedIou)
{
    /// <summary>Gets the number of object pixels.</summary>
    public int Area => Pixels.Count(p => p);
}
