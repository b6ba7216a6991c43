using Neurons.Bench.Cli;
using Neurons.Bench.Concepts;
using Neurons.Bench.Decode;
using Neurons.Bench.Fmri;
using Neurons.Bench.Generation;
using Neurons.Bench.Report;
using Neurons.Bench.Scale;
using Neurons.Bench.Ssim;
using Neurons.Bench.Stage2;
using Neurons.Bench.Train;
using Neurons.Bench.Vision;
using Neurons.Bench.Vlm;

namespace Neurons.Bench;

/// <summary>Every benchmark, in the order <c>all</c> runs them.</summary>
internal static class BenchRegistry
{
    public static IReadOnlyList<BenchDefinition> All() =>
    [
        FmriReadBench.Definition(),
        SegmentOverheadBench.Definition(),
        WrapperOverheadBench.Definition(),
        TargetsOverheadBench.Definition(),
        GenerateOverheadBench.Definition(),
        SsimBench.Definition(),
        TrainBench.Definition(),
        TrainProfileBench.Definition(),
        Stage2Bench.Definition(),
        DecodeBench.Definition(),
        VlmThroughputBench.Definition(),
        ReplyCacheBench.Definition(),
        ConceptMappingBench.Definition(),
        ReportBench.Definition(),
        IdleRunBench.Definition(),
    ];

    /// <summary>Benchmarks that are subcommands but not part of <c>all</c>: they take tens of minutes and gigabytes of scratch disk.</summary>
    public static IReadOnlyList<BenchDefinition> Standalone() =>
    [
        DataPrepBench.Definition(),
    ];
}
