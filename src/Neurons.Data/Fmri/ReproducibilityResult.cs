namespace Neurons.Data.Fmri;

/// <summary>The outcome of the reproducibility test over the training segments.</summary>
/// <param name="Selected">Positions (into the tested rows) of the selected vertices, ascending.</param>
/// <param name="T">The t statistic of every tested vertex.</param>
/// <param name="P">The uncorrected p-value of every tested vertex.</param>
/// <param name="MeanZ">The mean Fisher z of every tested vertex.</param>
/// <param name="Segments">The number of segments (n); the test has n − 1 degrees of freedom.</param>
/// <param name="Threshold">The corrected threshold: a vertex is kept when p &lt; alpha / tested count.</param>
public sealed record ReproducibilityResult(int[] Selected, double[] T, double[] P, double[] MeanZ, int Segments, double Threshold)
{
    /// <summary>Gets the degrees of freedom of the t-test.</summary>
    public int DegreesOfFreedom => Segments - 1;
}
