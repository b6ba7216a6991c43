namespace Neurons.Evaluation.Frames;

/// <summary>One image of an SSIM pair with its Gaussian-filtered local mean and mean square (<see cref="Ssim.Prepare"/>).</summary>
/// <param name="Image">The gray image.</param>
/// <param name="Mean">The filtered image.</param>
/// <param name="MeanSquare">The filtered squared image.</param>
internal sealed record SsimSide(GrayImage Image, double[] Mean, double[] MeanSquare);
