namespace Neurons.Evaluation.Frames;

/// <summary>The per-pair arrays of <see cref="Ssim.Compute(GrayImage, SsimSide, SsimOptions)"/> on one thread (each is written in full before it is read).</summary>
internal sealed record SsimBuffers(double[] Xx, double[] Xy, double[] Ux, double[] Uxx, double[] Uxy, double[] Scratch);
