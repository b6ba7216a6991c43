namespace Neurons.Model.Training;

/// <summary>
/// The progressive loss weights of NEURONS stage 2 (<c>get_loss_weights</c>, train_neurons.py L26–43; docs/model.md): with
/// N epochs, period P = ⌊N/5⌋·2 epochs and start epochs S_k = ⌊k·P/2⌋ for k = 0..3 (seg, cls, txt, rec). Inside
/// [S_k, S_k + P), C = (E − S_k)·NB + b and T = P·NB give w_k = 1 + 9·|sin(π·C/T)|; elsewhere w_k = 1. (The paper
/// calls it logarithmic; it is sinusoidal.) Fewer than 5 epochs give P = 0: every window is empty and every weight
/// is 1, as the reference computes it.
/// </summary>
public sealed class ProgressiveLossWeights
{
    /// <summary>The number of progressively weighted terms: segmentation, classification, caption, reconstruction.</summary>
    public const int Terms = 4;

    private readonly int epochs;
    private readonly int itersPerEpoch;

    /// <summary>Initializes a new instance of the <see cref="ProgressiveLossWeights"/> class.</summary>
    /// <param name="epochs">The stage's epoch count N (≥ 1).</param>
    /// <param name="itersPerEpoch">Batches per epoch NB (≥ 1).</param>
    public ProgressiveLossWeights(int epochs, int itersPerEpoch)
    {
        if (epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "progressive weights: epochs must be ≥ 1");
        }

        if (itersPerEpoch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(itersPerEpoch), itersPerEpoch, "progressive weights: iterations per epoch must be ≥ 1");
        }

        this.epochs = epochs;
        this.itersPerEpoch = itersPerEpoch;
        Period = epochs / 5 * 2;
        StartEpochs = Enumerable.Range(0, Terms).Select(k => k * Period / 2).ToArray();
    }

    /// <summary>Gets the window length P in epochs (0 below 5 epochs: all weights 1).</summary>
    public int Period { get; }

    /// <summary>Gets the start epoch S_k of each term's window, in the order seg, cls, txt, rec.</summary>
    public IReadOnlyList<int> StartEpochs { get; }

    /// <summary>The weights at one step.</summary>
    /// <param name="epoch">The epoch E, 0 ≤ E &lt; N.</param>
    /// <param name="batch">The batch index b within the epoch, 0 ≤ b &lt; NB.</param>
    /// <returns>[w_seg, w_cls, w_txt, w_rec].</returns>
    public double[] At(int epoch, int batch)
    {
        if (epoch < 0 || epoch >= epochs)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"progressive weights: epoch must be in [0, {epochs})");
        }

        if (batch < 0 || batch >= itersPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"progressive weights: batch must be in [0, {itersPerEpoch})");
        }

        var weights = new double[Terms];
        for (var k = 0; k < Terms; k++)
        {
            var start = StartEpochs[k];
            if (epoch >= start && epoch < start + Period)
            {
                var current = ((long)(epoch - start) * itersPerEpoch) + batch;
                var total = (long)Period * itersPerEpoch;
                weights[k] = 1 + (9 * Math.Abs(Math.Sin((double)current / total * Math.PI)));
            }
            else
            {
                weights[k] = 1;
            }
        }

        return weights;
    }
}
