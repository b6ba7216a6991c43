using System.Globalization;
using System.Text;
using Neurons.Data.Mini;
using Neurons.Engine.Profiling;

namespace Neurons.Bench.Scale;

/// <summary>The measured per-stage table of <c>dataprep</c> and its projection to the real run, as a Markdown section.</summary>
internal sealed class DataPrepTable(
    RunProfile profile,
    IReadOnlyDictionary<string, (double Units, string Unit)> real,
    double gpuTflops,
    IReadOnlyList<GpuModelCost> costs)
{
    private const double MiB = 1024.0 * 1024.0;

    public required string Command { get; init; }

    public required MiniOptions Options { get; init; }

    public double GenerateSeconds { get; init; }

    public long DatasetBytes { get; init; }

    public double ProcessCpuSeconds { get; init; }

    public long PeakResidentBytes { get; init; }

    public IReadOnlyList<double> LoadAtStart { get; init; } = [];

    public IReadOnlyList<double> LoadAtEnd { get; init; } = [];

    public IReadOnlyList<double> LoadsDuring { get; init; } = [];

    public int LatencyMs { get; init; }

    public int VlmParallel { get; init; }

    public string KeptVertices { get; init; } = "n/a";

    /// <summary>Gets the projected real run on idle cores: the slowest stage's projected time × the measured overlap.</summary>
    public double ProjectedAtMeasuredOverlap => Projections().Max(p => p.Idle) * profile.Overlap;

    /// <summary>Seconds of real-model GPU compute per clip for a stage, at the assumed sustained TFLOP/s.</summary>
    public double GpuSecondsPerUnit(string stage) =>
        costs.Where(c => c.Stage == stage).Sum(c => c.TflopPerClip) / gpuTflops;

    public string ToMarkdown()
    {
        var b = new StringBuilder();
        void Line(FormattableString text) => b.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        var o = Options;
        var loads = LoadsDuring.Order().ToList();
        Line($"Command: `{Command}`");
        b.AppendLine();
        Line($"Machine: {Machine.Describe()}. Load average (1 min) at the start {Join(LoadAtStart)}, during the run min {(loads.Count > 0 ? loads[0] : double.NaN):F1} / median {(loads.Count > 0 ? loads[loads.Count / 2] : double.NaN):F1} / max {(loads.Count > 0 ? loads[^1] : double.NaN):F1} ({loads.Count} readings), at the end {Join(LoadAtEnd)}.");
        b.AppendLine();
        Line($"Dataset (`pipeline mini --geometry full` shape, subset): {o.TrainSegments} train + {o.TestSegments} test segments of {o.TrsPerSegment} TRs ({o.TrsPerSegment * 2 / 60.0:F0} min of 30-fps {o.Width}×{o.Height} video each), {o.Subjects} subject(s), CIFTI runs of {o.LeftVertices + o.RightVertices:N0} cortical vertices (2 repeats per training segment, 10 per test segment); {DatasetBytes / (MiB * 1024):F2} GiB on disk, {(double.IsNaN(GenerateSeconds) ? "an existing dataset" : $"generated in {GenerateSeconds:F0} s")}.");
        b.AppendLine();
        b.AppendLine("| stage | items | units | wall (s) | busy (s) | item-seconds | CPU (s) | throughput | peak RSS (MiB) |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in profile.Stages)
        {
            Line($"| {s.Stage} | {s.Items} | {s.Units:N0} {s.Unit} | {s.WallSeconds:F1} | {s.BusySeconds:F1} | {s.ItemSeconds:F1} | {s.CpuSeconds:F1} | {s.Throughput:F2} {s.Unit}/s | {(s.PeakResidentBytes is { } p ? (p / MiB).ToString("F0", CultureInfo.InvariantCulture) : "–")} |");
        }

        Line($"| **end to end** | {profile.Stages.Sum(s => s.Items)} | | {profile.EndToEndSeconds:F1} | | {profile.Stages.Sum(s => s.ItemSeconds):F1} | {profile.Stages.Sum(s => s.CpuSeconds):F1} | | {PeakResidentBytes / MiB:F0} (VmHWM) |");
        b.AppendLine();
        Line($"Overlap: end to end {profile.EndToEndSeconds:F1} s ÷ slowest stage ({profile.Slowest.Stage}, busy {profile.Slowest.BusySeconds:F1} s) = **{profile.Overlap:F2}** (1 would mean every other stage hid behind the slowest; the stages' busy times sum to {profile.Stages.Sum(s => s.BusySeconds):F1} s, so on average {profile.Concurrency:F2} stages were busy at once). Process CPU time {ProcessCpuSeconds:F0} s = {ProcessCpuSeconds / profile.EndToEndSeconds:F2} cores on average (with the ffmpeg children; the loopback VLM process not counted): the other processes on the machine left this run that share of its 2 cores, so busy times here are several times what an idle machine would show, and the CPU column (each 100-ms interval's CPU time shared by the stages running in it) is the load-independent measure. annotate: loopback Ollama in a child process answering after {LatencyMs} ms, {VlmParallel} requests in flight. fmri_mask kept {KeptVertices} vertices (correction none, p < 0.05 one-sided: with 2 training segments Bonferroni has 1 degree of freedom; the real masks keep 9,114–14,828).");
        b.AppendLine();
        b.AppendLine("Projection to the real cc2017 run (3 subjects, 18 + 5 segments: 5,520 clips, 108 training runs, 258 runs), linear in units, two ways: *at this load* = measured busy seconds per unit × real units; *one idle core* = the larger of CPU seconds per unit and the stage's floor (annotate: 2 requests × latency ÷ requests in flight) × real units. Both add, for segment and targets, the real models' compute on one GPU in place of the fixture graphs'.");
        b.AppendLine();
        b.AppendLine("| stage | real units | busy s/unit | CPU s/unit | floor s/unit | real-model TFLOP/unit | GPU (h) | at this load (h) | one idle core (h) |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var list = Projections();
        foreach (var p in list)
        {
            Line($"| {p.Stage} | {p.Units:N0} {p.Unit} | {p.SecondsPerUnit:F4} | {p.CpuPerUnit:F4} | {p.Floor:F3} | {p.Tflop:F2} | {p.Gpu / 3600:F2} | {p.Loaded / 3600:F2} | {p.Idle / 3600:F2} |");
        }

        Line($"| **all stages one after another** | | | | | | | {list.Sum(p => p.Loaded) / 3600:F2} | {list.Sum(p => p.Idle) / 3600:F2} |");
        Line($"| **slowest stage alone (perfect overlap)** | | | | | | | {list.Max(p => p.Loaded) / 3600:F2} | {list.Max(p => p.Idle) / 3600:F2} |");
        Line($"| **slowest stage × measured overlap {profile.Overlap:F2}** | | | | | | | {list.Max(p => p.Loaded) * profile.Overlap / 3600:F2} | {ProjectedAtMeasuredOverlap / 3600:F2} |");
        b.AppendLine();
        Line($"Assumptions: the real models sustain {gpuTflops:F0} TFLOP/s on one GPU (an assumption, not a measurement: no GPU was lent); per-call work as listed below; the CPU-side per-unit time (decode, resize, tensor packing, Parquet, PNG) is this machine's under the load above and scales linearly; annotate's latency stands for the VLM's whole cost; segment and targets share that one GPU in the real run, so their GPU hours add.");
        b.AppendLine();
        b.AppendLine("| stage | model | calls per clip | TFLOP per call | basis |");
        b.AppendLine("|---|---|---:|---:|---|");
        foreach (var c in costs)
        {
            Line($"| {c.Stage} | {c.Model} | {c.CallsPerClip:G} | {c.TflopPerCall:G} | {c.Basis} |");
        }

        return b.ToString();
    }

    private static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));

    private List<(string Stage, double Units, string Unit, double SecondsPerUnit, double CpuPerUnit, double Floor, double Tflop, double Gpu, double Loaded, double Idle)> Projections() =>
        profile.Stages.Select(s =>
        {
            var (units, unit) = real.TryGetValue(s.Stage, out var r) ? r : (s.Units, s.Unit);
            var gpu = GpuSecondsPerUnit(s.Stage);
            var floor = s.Stage == "annotate" ? 2.0 * LatencyMs / 1000.0 / VlmParallel : 0;
            var tflop = costs.Where(c => c.Stage == s.Stage).Sum(c => c.TflopPerClip);
            return (s.Stage, units, unit, s.SecondsPerUnit, s.CpuSecondsPerUnit, floor, tflop, units * gpu, RunProfiler.Project(s, units, gpu), RunProfiler.ProjectFromCpu(s, units, floor, gpu));
        }).ToList();
}
