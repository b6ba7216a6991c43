namespace Neurons.Evaluation.Classification;

/// <summary>
/// N-way top-1 classification as <c>NEURONS:eval_metrics.py</c> L57–142 runs it: the ground-truth
/// classes are the top-3 logits of the classifier on the GT input; the scores are the softmax of its
/// logits on the prediction; each of 100 trials draws N−1 distinct distractors from the other classes
/// and hits when the best GT class's probability is strictly greater than every distractor's. The
/// reference's unseeded numpy draws are replaced by a generator seeded per (seed, sample, frame, N).
/// </summary>
public static class NWayTopOne
{
    /// <summary>The number of GT classes (top-k of the GT logits).</summary>
    public const int DefaultTopK = 3;

    /// <summary>The number of trials per sample.</summary>
    public const int DefaultTrials = 100;

    /// <summary>The chance level k/(N+k−1): the probability that the best of k exchangeable GT scores beats N−1 distractors.</summary>
    public static double ChanceLevel(int ways, int topK = DefaultTopK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
        return (double)topK / (ways + topK - 1);
    }

    /// <summary>Returns the indices of the k largest values, largest first (ties: lower index first).</summary>
    public static int[] TopK(ReadOnlySpan<float> logits, int k)
    {
        var order = new int[logits.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var copy = logits.ToArray();
        Array.Sort(order, (a, b) => copy[b] != copy[a] ? copy[b].CompareTo(copy[a]) : a.CompareTo(b));
        return order[..Math.Min(k, order.Length)];
    }

    /// <summary>Softmax in float64 (max-subtracted).</summary>
    public static double[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        var p = new double[logits.Length];
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Math.Exp(logits[i] - max);
            sum += p[i];
        }

        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    /// <summary>The accuracy (hits / trials) of one sample.</summary>
    /// <param name="groundTruthLogits">The classifier's logits on the ground-truth input.</param>
    /// <param name="predictionLogits">The classifier's logits on the prediction.</param>
    /// <param name="ways">N (2 and 50 in the paper).</param>
    /// <param name="random">The trial generator.</param>
    /// <param name="trials">The number of trials.</param>
    /// <param name="topK">The number of GT classes.</param>
    /// <exception cref="ArgumentException">The logit vectors differ in length or hold too few classes for N.</exception>
    public static double SampleAccuracy(ReadOnlySpan<float> groundTruthLogits, ReadOnlySpan<float> predictionLogits, int ways, Random random, int trials = DefaultTrials, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (groundTruthLogits.Length != predictionLogits.Length)
        {
            throw new ArgumentException($"logit lengths differ: {groundTruthLogits.Length} vs {predictionLogits.Length}", nameof(predictionLogits));
        }

        if (groundTruthLogits.Length < topK + ways - 1)
        {
            throw new ArgumentException($"{groundTruthLogits.Length} classes are too few for {ways}-way with top-{topK} GT classes", nameof(groundTruthLogits));
        }

        var (gtClasses, pool) = PrepareTruth(groundTruthLogits, topK);
        return SampleAccuracy(gtClasses, pool, Softmax(predictionLogits), ways, random, trials);
    }

    /// <summary>The ground-truth side of <see cref="SampleAccuracy(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Random, int, int)"/>: its top-k classes and the distractor pool (the other classes in order).</summary>
    internal static (int[] Classes, int[] Pool) PrepareTruth(ReadOnlySpan<float> groundTruthLogits, int topK = DefaultTopK)
    {
        var gtClasses = TopK(groundTruthLogits, topK);
        return (gtClasses, Enumerable.Range(0, groundTruthLogits.Length).Except(gtClasses).ToArray());
    }

    /// <summary>
    /// The accuracy of one sample from its prepared sides (<see cref="PrepareTruth"/>, <see cref="Softmax"/> of the
    /// prediction), so that a permutation null pairing each side with many others computes each once; the same draws
    /// and comparisons as the public overload. <paramref name="pool"/> is not changed.
    /// </summary>
    internal static double SampleAccuracy(int[] gtClasses, int[] pool, double[] p, int ways, Random random, int trials)
    {
        var bestGt = gtClasses.Max(c => p[c]);
        var draw = (int[])pool.Clone();
        var hits = 0;
        for (var t = 0; t < trials; t++)
        {
            // Partial Fisher–Yates: the first N−1 entries become a uniform draw without replacement.
            var bestDistractor = double.NegativeInfinity;
            for (var d = 0; d < ways - 1; d++)
            {
                var j = d + random.Next(draw.Length - d);
                (draw[d], draw[j]) = (draw[j], draw[d]);
                bestDistractor = Math.Max(bestDistractor, p[draw[d]]);
            }

            hits += bestGt > bestDistractor ? 1 : 0;
        }

        return (double)hits / trials;
    }

    /// <summary>Evaluates a set of samples (videos, or video frames) and aggregates as the reference does.</summary>
    /// <param name="samples">Per sample: the GT logits, the prediction logits, and the sample and frame indices that seed its trials (frame −1 for video-level).</param>
    /// <param name="ways">N.</param>
    /// <param name="seed">The base seed.</param>
    /// <param name="trials">Trials per sample.</param>
    /// <param name="topK">GT classes per sample.</param>
    public static NWayResult Evaluate(IReadOnlyList<NWaySample> samples, int ways, int seed = 0, int trials = DefaultTrials, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var accuracies = new double[samples.Count];
        var stds = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            var random = new Random(TrialSeed(seed, s.SampleIndex, s.Frame, ways));
            var acc = SampleAccuracy(s.GroundTruthLogits, s.PredictionLogits, ways, random, trials, topK);
            accuracies[i] = acc;
            stds[i] = Math.Sqrt(acc * (1 - acc) / trials);
        }

        var spread = MeanStd.Of(accuracies);
        return new NWayResult(
            ways,
            spread.Mean,
            samples.Count == 0 ? double.NaN : stds.Average(),
            spread.Std,
            ChanceLevel(ways, topK),
            accuracies);
    }

    /// <summary>A deterministic seed for (base seed, sample, frame, N) (SplitMix64 mixing; stable across runs and platforms).</summary>
    public static int TrialSeed(int seed, int sampleIndex, int frame, int ways)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);
        foreach (var v in new[] { sampleIndex, frame, ways })
        {
            z = unchecked(z + (ulong)(uint)v + 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
        }

        return (int)(z & 0x7FFFFFFF);
    }
}
