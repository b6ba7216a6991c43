using Neurons.Bench.Fmri;

namespace Neurons.Bench;

/// <summary>Every benchmark, in the order <c>all</c> runs them.</summary>
internal static class BenchRegistry
{
    public static IReadOnlyList<BenchDefinition> All() =>
    [
        FmriReadBench.Definition(),
    ];
}
