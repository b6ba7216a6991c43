using Neurons.Model.Decoupled;

namespace Neurons.Bench.Stage2;

/// <summary>A stage-2 benchmark configuration: the model sizes, the data sizes and an analytic FLOP count per step.</summary>
/// <param name="Label">The row label.</param>
/// <param name="Config">The full model configuration.</param>
/// <param name="TrainClips">Training clips (steps per epoch = clips / batch).</param>
/// <param name="TestClips">Test clips of the per-epoch evaluation.</param>
/// <param name="BatchSize">The batch size.</param>
/// <param name="LatentSide">The VAE latent side (28 for 224² frames).</param>
internal sealed record Stage2Shape(string Label, DecoupledModelConfig Config, int TrainClips, int TestClips, int BatchSize, int LatentSide)
{
    /// <summary>
    /// Floating-point operations of one training step, analytic: 2 × the multiply-accumulates of every Linear, 1×1
    /// and 3×3 convolution and attention product of the forward pass, × 3 for the trained parts (forward + backward)
    /// and × 1 for the frozen brain; normalisations, activations and losses left out (a lower bound).
    /// </summary>
    public double FlopsPerStep()
    {
        var c = Config;
        double n = c.Brain.Tokens, d = c.Brain.Width, t = c.Brain.TextWidth, frames = c.Decoupler.Frames;
        double brain = c.Brain.Voxels[0] * (double)c.Brain.Hidden + (c.Brain.Blocks * 2.0 * c.Brain.Hidden * c.Brain.Hidden) + (c.Brain.Hidden * n * d) + (3 * n * d * d) + (d * t);

        var p = c.Prior;
        double s = (2 * n) + 1, inner = p.Heads * (double)p.DimHead;
        double priorLayer = (s * p.Dim * inner) + (s * p.Dim * 2 * p.DimHead) + (2 * p.Heads * s * (s + 1) * p.DimHead) + (s * inner * p.Dim) + (12.0 * s * p.Dim * p.Dim);
        double prior = (p.Depth * priorLayer) + (n * p.Dim * p.Dim) + (p.Dim * 2.0 * p.Dim) + (4.0 * p.Dim * p.Dim);

        double motion = (n * d * 6 * d) + (d * t) + (t * c.Decoupler.Concepts) + (d * t);
        double decoder = 2 * frames * DecoderPerFrame();

        var g2 = c.Gpt2;
        double l = c.CaptionLength + 1, w = g2.Width;
        double gpt = (t * w) + (g2.Layers * ((12 * l * w * w) + (2 * l * l * w))) + (l * w * g2.VocabSize);

        return 2 * (brain + (3 * (prior + motion + decoder + gpt))) * BatchSize;
    }

    private double DecoderPerFrame()
    {
        var dc = Config.Decoupler;
        double n = dc.Tokens, d = dc.Width, t = dc.TextWidth, g = dc.Grid, frames = dc.Frames;
        var pc = dc.ProjectorChannels;
        var ch = dc.DecoderChannels;
        double total = (n * d * t) + (2 * n * t) + (n * t * t) + (n * ((t * pc[0]) + (pc[0] * pc[1]) + (pc[1] * pc[2])));
        double Attention(double side, double c) => (2 * ((4 * side * side * c * c) + (side * side * side * side * c))) + (4 * side * side * c * c) + (2 * side * side * frames * c);
        double Conv(double side, double cin, double cout) => side * side * 9 * cin * cout;
        total += Conv(g, pc[^1], ch[0]) + (4 * Conv(g, ch[0], ch[0])) + Attention(g, ch[0]);
        double side = g, cin = ch[0];
        for (var i = 0; i < ch.Count; i++)
        {
            double cout = ch[i];
            total += Conv(side, cin, cout) + Conv(side, cout, cout) + (cin != cout ? side * side * cin * cout : 0) + (2 * Conv(side, cout, cout)) + (2 * Attention(side, cout));
            if (i < ch.Count - 1)
            {
                side *= 2;
                total += Conv(side, cout, cout);
            }

            cin = cout;
        }

        return total + Conv(side, ch[^1], 1 + dc.LatentChannels);
    }
}
