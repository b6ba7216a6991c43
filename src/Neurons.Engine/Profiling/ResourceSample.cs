namespace Neurons.Engine.Profiling;

/// <summary>The process's resources at one moment (seconds on the same clock as the <see cref="ItemSpan"/>s).</summary>
/// <param name="Time">When it was read.</param>
/// <param name="ResidentBytes">The resident set size in bytes.</param>
/// <param name="CpuSeconds">The process's CPU time so far (user + system, with its reaped children), in seconds.</param>
public sealed record ResourceSample(double Time, long ResidentBytes, double CpuSeconds = 0);
