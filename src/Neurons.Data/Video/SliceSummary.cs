namespace Neurons.Data.Video;

/// <summary>What slicing a movie found and did (stored in the <c>clips</c> shard's sidecar).</summary>
/// <param name="SourceWidth">The movie's width.</param>
/// <param name="SourceHeight">The movie's height.</param>
/// <param name="SourceFps">The movie's frame rate.</param>
/// <param name="Resampled">Whether the movie was resampled to 30 fps first (its rate was not 30).</param>
/// <param name="SampledFrames">Frames decoded at 3 fps (may exceed 6 × TRs when the movie is longer).</param>
/// <param name="Clips">Clips written.</param>
/// <param name="Sha256">The movie's SHA-256.</param>
/// <param name="Filter">The ffmpeg filter used.</param>
public sealed record SliceSummary(int SourceWidth, int SourceHeight, double SourceFps, bool Resampled, int SampledFrames, int Clips, string Sha256, string Filter);
