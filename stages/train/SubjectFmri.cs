namespace Neurons.Stages.Train;

/// <summary>One subject's fMRI rows, gathered from every <c>fmri</c> shard: voxels per (split, clip) and repeat.</summary>
internal sealed class SubjectFmri(int subject)
{
    public int Subject { get; } = subject;

    public int Voxels { get; private set; } = -1;

    /// <summary>Gets, per split, clip id → (split index, voxels per 1-based repeat).</summary>
    public Dictionary<string, Dictionary<string, (int SplitIndex, SortedDictionary<int, float[]> Repeats)>> Clips { get; } = new(StringComparer.Ordinal);

    public void Add(string split, string clipId, int splitIndex, int repeat, List<float> voxels)
    {
        if (Voxels < 0)
        {
            Voxels = voxels.Count;
        }
        else if (voxels.Count != Voxels)
        {
            throw new InvalidDataException($"fmri: subject {Subject} clip {clipId} repeat {repeat} has {voxels.Count} voxels, earlier rows have {Voxels}");
        }

        if (!Clips.TryGetValue(split, out var clips))
        {
            clips = new(StringComparer.Ordinal);
            Clips[split] = clips;
        }

        if (!clips.TryGetValue(clipId, out var clip))
        {
            clip = (splitIndex, new SortedDictionary<int, float[]>());
            clips[clipId] = clip;
        }

        if (!clip.Repeats.TryAdd(repeat, voxels.ToArray()))
        {
            throw new InvalidDataException($"fmri: subject {Subject} clip {clipId} has repeat {repeat} twice");
        }
    }
}
