namespace Neurons.Engine.Profiling;

/// <summary>The process's resident memory at one moment (seconds on the same clock as the <see cref="ItemSpan"/>s).</summary>
/// <param name="Time">When it was read.</param>
/// <param name="ResidentBytes">The resident set size in bytes.</param>
public sealed record MemorySample(double Time, long ResidentBytes);
