namespace Neurons.Engine.Readiness;

/// <summary>A passed content check, valid while the file keeps its size and modification time and the build stays the same.</summary>
/// <param name="Size">The file size in bytes.</param>
/// <param name="MtimeTicks">The last write time (UTC ticks).</param>
/// <param name="Build">The build identity the check ran under.</param>
public sealed record ReadinessCacheEntry(long Size, long MtimeTicks, string Build);
