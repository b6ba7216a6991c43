using Neurons.Data.Mini;

namespace Neurons.Bench.Scale;

/// <summary>The parsed options of <c>dataprep</c>.</summary>
/// <param name="Dataset">An existing dataset, or null to generate one.</param>
/// <param name="Work">The scratch folder, or null for a new temporary one.</param>
/// <param name="Options">The generator options when generating (full geometry with the chosen counts).</param>
/// <param name="LatencyMs">The loopback VLM's latency per request.</param>
/// <param name="VlmParallel">annotate's max_parallel.</param>
/// <param name="GpuTflops">Sustained GPU TFLOP/s assumed for the projection.</param>
/// <param name="Markdown">Where to write the Markdown section, or null.</param>
/// <param name="Keep">Whether to keep the scratch folder.</param>
/// <param name="CommandLine">The arguments as given, for the report.</param>
internal sealed record DataPrepSettings(
    string? Dataset,
    string? Work,
    MiniOptions Options,
    int LatencyMs,
    int VlmParallel,
    double GpuTflops,
    string? Markdown,
    bool Keep,
    string CommandLine);
