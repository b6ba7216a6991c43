namespace Neurons.Evaluation.Captions;

/// <summary>CIDEr-D of a corpus.</summary>
/// <param name="Corpus">The corpus score: the mean of <paramref name="PerItem"/>.</param>
/// <param name="PerItem">The score of each item, in corpus order.</param>
public sealed record CiderDScore(double Corpus, IReadOnlyList<double> PerItem);
