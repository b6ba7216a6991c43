namespace Neurons.Evaluation.Captions;

/// <summary>
/// Corpus BLEU-1..4 exactly as <c>pycocoevalcap/bleu/bleu_scorer.py</c> computes it with
/// <c>option='closest'</c>: clipped n-gram precision summed over the corpus, epsilons 1e-15 / 1e-9,
/// the closest reference length per item (ties to the shorter), and the brevity penalty applied when
/// c/r &lt; 1. Inputs are whitespace-split; tokenise them first with <see cref="PtbTokenizer"/>.
/// </summary>
public static class BleuScorer
{
    /// <summary>The maximum n-gram order.</summary>
    public const int MaxOrder = 4;

    private const double Tiny = 1e-15;
    private const double Small = 1e-9;

    /// <summary>Scores a corpus of already tokenised samples (tokens separated by spaces).</summary>
    /// <exception cref="ArgumentException">The corpus is empty or a sample has no reference.</exception>
    public static BleuScore Score(IReadOnlyList<CaptionSample> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Count == 0)
        {
            throw new ArgumentException("BLEU needs at least one sample", nameof(corpus));
        }

        var correct = new long[MaxOrder];
        var guess = new long[MaxOrder];
        long c = 0, r = 0;
        for (var item = 0; item < corpus.Count; item++)
        {
            var sample = corpus[item];
            if (sample.References.Count == 0)
            {
                throw new ArgumentException($"sample {item} has no reference caption", nameof(corpus));
            }

            var hyp = NGrams.Split(sample.Hypothesis);
            var maxRef = new Dictionary<string, int>[MaxOrder];
            for (var n = 0; n < MaxOrder; n++)
            {
                maxRef[n] = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var refLengths = new List<int>(sample.References.Count);
            foreach (var reference in sample.References)
            {
                var words = NGrams.Split(reference);
                refLengths.Add(words.Length);
                var counts = NGrams.Count(words, MaxOrder);
                for (var n = 0; n < MaxOrder; n++)
                {
                    foreach (var (g, k) in counts[n])
                    {
                        maxRef[n][g] = Math.Max(maxRef[n].GetValueOrDefault(g), k);
                    }
                }
            }

            var hypCounts = NGrams.Count(hyp, MaxOrder);
            for (var n = 0; n < MaxOrder; n++)
            {
                guess[n] += Math.Max(0, hyp.Length - n);
                foreach (var (g, k) in hypCounts[n])
                {
                    correct[n] += Math.Min(k, maxRef[n].GetValueOrDefault(g));
                }
            }

            c += hyp.Length;
            r += ClosestLength(refLengths, hyp.Length);
        }

        var bleu = new double[MaxOrder];
        var product = 1.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            product *= (correct[n] + Tiny) / (guess[n] + Small);
            bleu[n] = Math.Pow(product, 1.0 / (n + 1));
        }

        var ratio = (c + Tiny) / (r + Small);
        if (ratio < 1)
        {
            var bp = Math.Exp(1 - (1 / ratio));
            for (var n = 0; n < MaxOrder; n++)
            {
                bleu[n] *= bp;
            }
        }

        return new BleuScore(bleu, correct, guess, c, r);
    }

    /// <summary>Tokenises hypotheses and references with <see cref="PtbTokenizer"/>, then scores.</summary>
    public static BleuScore ScoreRaw(IReadOnlyList<CaptionSample> corpus) => Score(CaptionTokenization.Tokenize(corpus));

    /// <summary>The reference length closest to the hypothesis length; ties go to the shorter (Python's <c>min((|l−h|, l))</c>).</summary>
    internal static int ClosestLength(IReadOnlyList<int> lengths, int hypothesisLength)
    {
        var best = lengths[0];
        foreach (var l in lengths)
        {
            var d = Math.Abs(l - hypothesisLength);
            var bestD = Math.Abs(best - hypothesisLength);
            if (d < bestD || (d == bestD && l < best))
            {
                best = l;
            }
        }

        return best;
    }
}
