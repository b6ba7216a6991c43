namespace Neurons.Evaluation.Captions;

/// <summary>Corpus BLEU as pycocoevalcap reports it.</summary>
/// <param name="Bleu">Cumulative BLEU-1..4 (index 0 = BLEU-1), brevity penalty included.</param>
/// <param name="Correct">Clipped n-gram matches summed over the corpus, n = 1..4.</param>
/// <param name="Guess">Hypothesis n-gram counts summed over the corpus, n = 1..4.</param>
/// <param name="HypothesisLength">c, the total hypothesis length in tokens.</param>
/// <param name="ReferenceLength">r, the total of the closest reference lengths.</param>
public sealed record BleuScore(
    IReadOnlyList<double> Bleu,
    IReadOnlyList<long> Correct,
    IReadOnlyList<long> Guess,
    long HypothesisLength,
    long ReferenceLength);
