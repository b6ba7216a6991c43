using Neurons.Data.Tables;

namespace Neurons.Cli.Reconstruct;

/// <summary>The fMRI sample to decode and the clip it stands for.</summary>
/// <param name="Clip">The clip (id, split, segment, position, frame size; frames when <paramref name="KnownClip"/>).</param>
/// <param name="KnownClip">Whether the clip is one of the workspace's (its ground truth is shown).</param>
/// <param name="Voxels">The V mask vertices decoded.</param>
/// <param name="Repeats">How many repeats were averaged (1 for a raw run or one repeat).</param>
/// <param name="Source">Where the voxels came from, in words.</param>
internal sealed record ReconstructSample(ClipRow Clip, bool KnownClip, float[] Voxels, int Repeats, string Source);
