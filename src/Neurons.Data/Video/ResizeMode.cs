namespace Neurons.Data.Video;

/// <summary>How source frames become square clip frames.</summary>
public enum ResizeMode
{
    /// <summary>Scale to the square size ignoring the aspect ratio (what the reference does).</summary>
    Squash,

    /// <summary>Scale to cover the square, then crop the centre.</summary>
    Crop,
}
