using Neurons.Data.Fmri;
using Neurons.Data.Tables;

namespace Neurons.Model.Inference;

/// <summary>The voxels each clip is decoded from: the subject's rows for the clip, repeats averaged by <see cref="RepeatAverage"/>.</summary>
public static class ClipVoxels
{
    /// <summary>Returns, per clip (in the order given), its id, its repeat count and its repeat-averaged voxels.</summary>
    /// <param name="fmri">The subject's fMRI rows.</param>
    /// <param name="clips">The clips, all of one split (the first one's split is read).</param>
    /// <param name="subject">The subject number (for messages).</param>
    /// <param name="where">What is being decoded with (a model file, for messages).</param>
    /// <exception cref="InvalidDataException">The subject has no rows of the split, or none for a clip.</exception>
    public static List<(string ClipId, int Repeats, float[] Voxels)> Averaged(SubjectFmri fmri, IReadOnlyList<ClipRow> clips, int subject, string where)
    {
        ArgumentNullException.ThrowIfNull(fmri);
        ArgumentNullException.ThrowIfNull(clips);
        var split = clips.Count > 0 ? clips[0].Split : "test";
        if (!fmri.Clips.TryGetValue(split, out var byClip))
        {
            throw new InvalidDataException($"fmri: subject {subject} has no {split} rows for the clips decoded with {where}");
        }

        var result = new List<(string, int, float[])>(clips.Count);
        foreach (var clip in clips)
        {
            if (!byClip.TryGetValue(clip.ClipId, out var entry))
            {
                throw new InvalidDataException($"fmri: subject {subject} has no rows for clip {clip.ClipId}");
            }

            result.Add((clip.ClipId, entry.Repeats.Count, RepeatAverage.Mean(entry.Repeats.Values)));
        }

        return result;
    }
}
