namespace Neurons.Engine.Workspace;

/// <summary>A cached file hash with the size and modification time it is valid for.</summary>
/// <param name="Size">The file size in bytes.</param>
/// <param name="MtimeTicks">The last write time (UTC ticks).</param>
/// <param name="Sha256">The SHA-256 (hex).</param>
public sealed record FileHashEntry(long Size, long MtimeTicks, string Sha256);
