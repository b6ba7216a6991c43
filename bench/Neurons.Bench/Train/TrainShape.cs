using Neurons.Model.Brain;

namespace Neurons.Bench.Train;

/// <summary>One model configuration to benchmark, with the synthetic data set's size.</summary>
/// <param name="Label">How the report names it.</param>
/// <param name="Config">The model configuration.</param>
/// <param name="TrainClips">Training clips in memory (2 repeats each).</param>
/// <param name="TestClips">Test clips (3 repeats each), evaluated after every epoch.</param>
/// <param name="BatchSize">The batch size.</param>
internal sealed record TrainShape(string Label, BrainModelConfig Config, int TrainClips, int TestClips, int BatchSize)
{
    /// <summary>
    /// Estimates the floating-point operations of one training step: 2 × multiply-adds of the forward pass
    /// (ridge, token-mixing blocks, token head, per-token projector, text projection, and the B × B similarity
    /// matrices of the contrastive losses), times 3 for forward + backward. LayerNorm, GELU and the optimiser are
    /// left out, so the achieved GFLOP/s is a slight underestimate.
    /// </summary>
    public double FlopsPerStep()
    {
        double v = Config.Voxels[0], h = Config.Hidden, t = Config.Tokens, d = Config.Width, tw = Config.TextWidth, b = BatchSize;
        var perSample = (v * h) + (Config.Blocks * 2 * h * h) + (h * t * d) + (3 * t * d * d) + (d * tw);
        var losses = (b * t * d) + (b * tw);
        return 3 * 2 * b * (perSample + losses);
    }
}
