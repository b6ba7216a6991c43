using System.Diagnostics;

namespace Neurons.Bench;

/// <summary>
/// Times actions against each other on a shared machine: after a warm-up call each, the actions run in
/// alternating rounds (A, B, A, B, …) so load changes hit both alike, and the median round is kept.
/// </summary>
internal static class Timing
{
    /// <summary>Returns the median milliseconds per call of each action.</summary>
    public static double[] Interleaved(int rounds, int callsPerRound, params Action[] actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(callsPerRound, 1);
        foreach (var action in actions)
        {
            action();
        }

        var samples = actions.Select(_ => new List<double>(rounds)).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var a = 0; a < actions.Length; a++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < callsPerRound; i++)
                {
                    actions[a]();
                }

                samples[a].Add(watch.Elapsed.TotalMilliseconds / callsPerRound);
            }
        }

        return samples.Select(Median).ToArray();
    }

    /// <summary>Returns the median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
