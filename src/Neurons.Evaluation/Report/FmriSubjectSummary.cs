namespace Neurons.Evaluation.Report;

/// <summary>One subject's reproducibility mask in the fMRI section.</summary>
/// <param name="Subject">The 1-based subject.</param>
/// <param name="Tested">The grayordinates tested.</param>
/// <param name="Kept">The vertices kept (V).</param>
/// <param name="Df">The t-test degrees of freedom.</param>
/// <param name="MeanZ">The mean reproducibility z of each kept vertex.</param>
public sealed record FmriSubjectSummary(int Subject, int Tested, int Kept, int Df, IReadOnlyList<float> MeanZ);
