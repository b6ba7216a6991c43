using Neurons.Engine.Profiling;

namespace Neurons.Engine.Tests.Profiling;

public sealed class RunProfilerTests
{
    // Two stages: "a" runs items [0,4] and [2,6] side by side, then [8,10]; "b" runs [5,9].
    private static readonly ItemSpan[] Spans =
    [
        new("a", 0, 4),
        new("a", 2, 6),
        new("b", 5, 9),
        new("a", 8, 10),
    ];

    [Fact]
    public void Summarise_TwoOverlappingStages_GivesWallBusyItemSecondsAndThroughput()
    {
        // Given the spans above, with 300 clips for a and 12 runs for b
        var units = new Dictionary<string, (double, string)> { ["a"] = (300, "clips"), ["b"] = (12, "runs") };

        // When they are summarised
        var profile = RunProfiler.Summarise(Spans, [], units);

        // Then a: wall 0..10 = 10 s, busy = [0,6] + [8,10] = 8 s, item seconds 4 + 4 + 2 = 10, 300/8 clips/s
        var a = profile.Stages[0];
        Assert.Equal(("a", 3, 10.0, 8.0, 10.0), (a.Stage, a.Items, a.WallSeconds, a.BusySeconds, a.ItemSeconds));
        Assert.Equal(37.5, a.Throughput, 12);
        Assert.Equal(8.0 / 300, a.SecondsPerUnit, 12);
        // and b: 4 s everywhere, 3 runs/s
        var b = profile.Stages[1];
        Assert.Equal(("b", 1, 4.0, 4.0, 4.0, 3.0), (b.Stage, b.Items, b.WallSeconds, b.BusySeconds, b.ItemSeconds, b.Throughput));
        // and end to end is 10 s: a (8 s busy) is the slowest, overlap 10/8, concurrency (8 + 4)/10
        Assert.Equal(10.0, profile.EndToEndSeconds);
        Assert.Equal("a", profile.Slowest.Stage);
        Assert.Equal(1.25, profile.Overlap, 12);
        Assert.Equal(1.2, profile.Concurrency, 12);
    }

    [Fact]
    public void Summarise_MemorySamples_GoToTheStagesRunningWhenTaken()
    {
        // Given samples at t=1 (only a runs), t=7 (only b) and t=11 (nothing runs)
        ResourceSample[] samples = [new(1, 100), new(7, 700), new(11, 5000)];

        // When summarised without unit counts
        var profile = RunProfiler.Summarise(Spans, samples, new Dictionary<string, (double, string)>());

        // Then each stage sees its own peak, the run sees the overall one, and items stand in for units
        Assert.Equal(100, profile.Stages[0].PeakResidentBytes);
        Assert.Equal(700, profile.Stages[1].PeakResidentBytes);
        Assert.Equal(5000, profile.PeakResidentBytes);
        Assert.Equal((3.0, "items"), (profile.Stages[0].Units, profile.Stages[0].Unit));
    }

    [Fact]
    public void Summarise_StageWithoutSamples_HasNoPeak()
    {
        var profile = RunProfiler.Summarise([new ItemSpan("a", 0, 1)], [new ResourceSample(3, 10)], new Dictionary<string, (double, string)>());

        Assert.Null(profile.Stages[0].PeakResidentBytes);
    }

    [Fact]
    public void Summarise_CpuTime_IsSharedByTheStagesRunningInEachInterval()
    {
        // Given CPU readings 0, 2, 5, 5.5, 9.5 s at t = 1, 3, 7, 8, 12: intervals with middles 2 (a only), 5 (a and b),
        // 7.5 (b only) and 10 (nothing: a's [8,10] ends at 10, excluded)
        ResourceSample[] samples = [new(1, 0, 0), new(3, 0, 2), new(7, 0, 5), new(8, 0, 5.5), new(12, 0, 9.5)];

        var profile = RunProfiler.Summarise(Spans, samples, new Dictionary<string, (double, string)> { ["a"] = (4, "clips") });

        // Then a gets 2 + 3/2 = 3.5 s (0.875 s a clip) and b gets 3/2 + 0.5 = 2 s; the last interval's 4 s go to no stage
        Assert.Equal(3.5, profile.Stages[0].CpuSeconds, 12);
        Assert.Equal(0.875, profile.Stages[0].CpuSecondsPerUnit, 12);
        Assert.Equal(2.0, profile.Stages[1].CpuSeconds, 12);
    }

    [Fact]
    public void ProjectFromCpu_UsesTheLargerOfCpuTimeAndTheFloor()
    {
        // 3 CPU seconds for 300 clips = 0.01 s a clip; a 0.39 s floor (2 requests × 0.78 s ÷ 4 in flight) wins; without it CPU does
        var stage = new StageProfile("a", 3, 300, "clips", 10, 8, 10, null, 3);

        Assert.Equal(1000 * (0.39 + 0.1), RunProfiler.ProjectFromCpu(stage, 1000, 0.39, 0.1), 9);
        Assert.Equal(1000 * (0.01 + 0.1), RunProfiler.ProjectFromCpu(stage, 1000, 0, 0.1), 9);
    }

    [Fact]
    public void UnionLength_NestedAndTouchingIntervals_CountsCoveredTimeOnce()
    {
        // [0,10] holds [2,3]; [10,12] touches it; [20,21] stands apart: 12 + 1
        ItemSpan[] spans = [new("x", 2, 3), new("x", 0, 10), new("x", 10, 12), new("x", 20, 21)];

        Assert.Equal(13.0, RunProfiler.UnionLength(spans));
    }

    [Fact]
    public void Project_ScalesPerUnitBusyTimeAndAddsTheExtraCost()
    {
        // 8 s for 300 clips is 8/300 s a clip; 5,520 clips with 0.2 s of GPU time each
        var stage = new StageProfile("a", 3, 300, "clips", 10, 8, 10, null);

        Assert.Equal(5520 * ((8.0 / 300) + 0.2), RunProfiler.Project(stage, 5520, 0.2), 9);
    }
}
