namespace Neurons.Evaluation.Null;

/// <summary>
/// The permutation null of a paired metric: the metric recomputed with the predictions paired to the
/// wrong clips by seeded, uniformly random permutations of the evaluated clips. Its mean and std say what
/// an uninformative decoder scores on these very clips (with their class balance, caption style and mask
/// sizes), and the one-sided p-value (1 + #null ≥ observed)/(1 + n) says how often chance reaches the
/// observed number. Permutations are uniform over all n! orderings (a clip can keep its own prediction),
/// as the exact permutation test requires; no reference implementation reports this.
/// </summary>
public static class PermutationNull
{
    /// <summary>The default number of permutations.</summary>
    public const int DefaultPermutations = 100;

    /// <summary>
    /// Returns <paramref name="permutations"/> uniformly random permutations of 0..<paramref name="count"/>−1
    /// (Fisher–Yates from one generator seeded by <paramref name="seed"/> and <paramref name="count"/>):
    /// the same arguments give the same list on every run and platform, so every metric and every subject
    /// over the same clips is tested against the same pairings.
    /// </summary>
    /// <remarks>Entry i of a permutation is the clip whose prediction is paired with clip i's ground truth.</remarks>
    public static IReadOnlyList<int[]> Permutations(int count, int permutations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        var random = new Random(Mix(seed, count));
        var result = new List<int[]>(permutations);
        for (var k = 0; k < permutations; k++)
        {
            var p = new int[count];
            for (var i = 0; i < count; i++)
            {
                p[i] = i;
            }

            for (var i = count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (p[i], p[j]) = (p[j], p[i]);
            }

            result.Add(p);
        }

        return result;
    }

    /// <summary>Returns the identity pairing of <paramref name="count"/> clips (every prediction with its own clip).</summary>
    public static int[] Identity(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var p = new int[count];
        for (var i = 0; i < count; i++)
        {
            p[i] = i;
        }

        return p;
    }

    /// <summary>Computes a metric under the identity pairing and under every permutation, and compares them.</summary>
    /// <param name="metric">The metric of a pairing (entry i = the prediction paired with clip i's ground truth).</param>
    /// <param name="count">The number of clips.</param>
    /// <param name="permutations">The pairings of the null (from <see cref="Permutations"/>).</param>
    /// <param name="direction">Which way the metric improves.</param>
    public static NullResult Evaluate(Func<int[], double> metric, int count, IReadOnlyList<int[]> permutations, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(permutations);
        var observed = metric(Identity(count));
        var values = new double[permutations.Count];
        for (var k = 0; k < values.Length; k++)
        {
            if (permutations[k].Length != count)
            {
                throw new ArgumentException($"permutation {k} pairs {permutations[k].Length} clips, not {count}", nameof(permutations));
            }

            values[k] = metric(permutations[k]);
        }

        return Compare(observed, values, direction);
    }

    /// <summary>Compares an observed value with null values already computed (e.g. averaged over subjects permutation by permutation).</summary>
    /// <remarks>A NaN null value never counts as reaching the observed one and is left out of the mean and std.</remarks>
    public static NullResult Compare(double observed, IReadOnlyList<double> values, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(v => !double.IsNaN(v)).ToList();
        var spread = MeanStd.Of(finite);
        var reached = direction == MetricDirection.HigherIsBetter
            ? finite.Count(v => v >= observed)
            : finite.Count(v => v <= observed);
        var p = double.IsNaN(observed) ? double.NaN : (1.0 + reached) / (1.0 + values.Count);
        return new NullResult(observed, spread.Mean, spread.Std, p, values.ToArray(), direction);
    }

    private static int Mix(int seed, int count)
    {
        // SplitMix64 over (seed, count), folded to a non-negative int for System.Random's stable seeded algorithm.
        var z = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) + (ulong)(uint)count + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
