namespace Neurons.Evaluation.Captions;

/// <summary>
/// CIDEr-D exactly as <c>pycocoevalcap/cider/cider_scorer.py</c> computes it: tf-idf over n = 1..4
/// with document frequencies taken from the scored corpus's references (idf = ln N − ln max(1, df)),
/// the numerator clipped to min(w_hyp, w_ref)·w_ref, norms unclipped, a Gaussian length penalty
/// (σ = 6) on the <em>bigram</em> counts, the mean over n and references, times 10. A single-item
/// corpus always scores 0 (ln 1 = 0). Inputs are whitespace-split.
/// </summary>
public static class CiderDScorer
{
    /// <summary>The maximum n-gram order.</summary>
    public const int MaxOrder = 4;

    /// <summary>The length-penalty standard deviation.</summary>
    public const double Sigma = 6.0;

    /// <summary>Scores a corpus of already tokenised samples.</summary>
    /// <exception cref="ArgumentException">The corpus is empty or a sample has no reference.</exception>
    public static CiderDScore Score(IReadOnlyList<CaptionSample> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Count == 0)
        {
            throw new ArgumentException("CIDEr-D needs at least one sample", nameof(corpus));
        }

        var hyps = new Dictionary<string, int>[corpus.Count][];
        var refs = new List<Dictionary<string, int>[]>[corpus.Count];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < corpus.Count; i++)
        {
            if (corpus[i].References.Count == 0)
            {
                throw new ArgumentException($"sample {i} has no reference caption", nameof(corpus));
            }

            hyps[i] = NGrams.Count(NGrams.Split(corpus[i].Hypothesis), MaxOrder);
            refs[i] = corpus[i].References.Select(r => NGrams.Count(NGrams.Split(r), MaxOrder)).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in refs[i])
            {
                foreach (var order in reference)
                {
                    seen.UnionWith(order.Keys);
                }
            }

            foreach (var g in seen)
            {
                documentFrequency[g] = documentFrequency.GetValueOrDefault(g) + 1;
            }
        }

        var logN = Math.Log(corpus.Count);
        var scores = new double[corpus.Count];
        for (var i = 0; i < corpus.Count; i++)
        {
            var hyp = ToVector(hyps[i], documentFrequency, logN);
            var sum = new double[MaxOrder];
            foreach (var r in refs[i])
            {
                var reference = ToVector(r, documentFrequency, logN);
                var delta = (double)(hyp.Length - reference.Length);
                var penalty = Math.Exp(-(delta * delta) / (2 * Sigma * Sigma));
                for (var n = 0; n < MaxOrder; n++)
                {
                    var value = 0.0;
                    foreach (var (g, w) in hyp.Weights[n])
                    {
                        var wr = reference.Weights[n].GetValueOrDefault(g);
                        value += Math.Min(w, wr) * wr;
                    }

                    if (hyp.Norms[n] != 0 && reference.Norms[n] != 0)
                    {
                        value /= hyp.Norms[n] * reference.Norms[n];
                    }

                    sum[n] += value * penalty;
                }
            }

            scores[i] = sum.Average() / refs[i].Count * 10.0;
        }

        return new CiderDScore(scores.Average(), scores);
    }

    /// <summary>Tokenises hypotheses and references with <see cref="PtbTokenizer"/>, then scores.</summary>
    public static CiderDScore ScoreRaw(IReadOnlyList<CaptionSample> corpus) => Score(CaptionTokenization.Tokenize(corpus));

    private static TfIdf ToVector(Dictionary<string, int>[] counts, Dictionary<string, int> documentFrequency, double logN)
    {
        var weights = new Dictionary<string, double>[MaxOrder];
        var norms = new double[MaxOrder];
        var length = 0;
        for (var n = 0; n < MaxOrder; n++)
        {
            weights[n] = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (g, tf) in counts[n])
            {
                var df = Math.Log(Math.Max(1.0, documentFrequency.GetValueOrDefault(g)));
                var w = tf * (logN - df);
                weights[n][g] = w;
                norms[n] += w * w;
                if (n == 1)
                {
                    length += tf;
                }
            }

            norms[n] = Math.Sqrt(norms[n]);
        }

        return new TfIdf(weights, norms, length);
    }

    private sealed record TfIdf(Dictionary<string, double>[] Weights, double[] Norms, int Length);
}
