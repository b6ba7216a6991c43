namespace Neurons.Evaluation.Frames;

/// <summary>SSIM constants; the defaults are those NEURONS passes to scikit-image.</summary>
public sealed record SsimOptions
{
    /// <summary>Gets the Gaussian σ. <value>Default 1.5.</value></summary>
    public double Sigma { get; init; } = 1.5;

    /// <summary>Gets the kernel truncation in σ (11 taps at σ 1.5). <value>Default 3.5.</value></summary>
    public double Truncate { get; init; } = 3.5;

    /// <summary>Gets K1. <value>Default 0.01.</value></summary>
    public double K1 { get; init; } = 0.01;

    /// <summary>Gets K2. <value>Default 0.03.</value></summary>
    public double K2 { get; init; } = 0.03;

    /// <summary>Gets the data range of the gray values. <value>Default 1 (rgb2gray output).</value></summary>
    public double DataRange { get; init; } = 1.0;

    /// <summary>Gets the variant. <value>Default <see cref="SsimVariant.Reference"/> (the NEURONS column-wise quirk).</value></summary>
    public SsimVariant Variant { get; init; } = SsimVariant.Reference;
}
