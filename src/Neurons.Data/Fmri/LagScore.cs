namespace Neurons.Data.Fmri;

/// <summary>How well the stimulus regressor at TR i explains the responses at TR i + lag.</summary>
/// <param name="Lag">The lag in TRs, relative to the pairing the <c>fmri</c> rows already use.</param>
/// <param name="MeanR2">The mean over vertices of the squared Pearson r.</param>
/// <param name="MeanR">The mean over vertices of the signed r.</param>
/// <param name="Pairs">The number of (TR, TR + lag) pairs that entered, over all segments.</param>
public sealed record LagScore(int Lag, double MeanR2, double MeanR, int Pairs)
{
    /// <summary>Gets the standard error of <see cref="MeanR2"/> across segments (NaN with fewer than two segments).</summary>
    public double StdErrR2 { get; init; } = double.NaN;
}
