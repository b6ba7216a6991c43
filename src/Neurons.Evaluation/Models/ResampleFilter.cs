namespace Neurons.Evaluation.Models;

/// <summary>Resampling filters of PIL's <c>Image.resize</c>.</summary>
public enum ResampleFilter
{
    /// <summary>PIL BILINEAR (triangle, support 1, antialiased when shrinking).</summary>
    Bilinear,

    /// <summary>PIL BICUBIC (a = −0.5, support 2, antialiased when shrinking).</summary>
    Bicubic,
}
