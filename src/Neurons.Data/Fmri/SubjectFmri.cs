using Neurons.Data.Tables;

namespace Neurons.Data.Fmri;

/// <summary>One subject's fMRI rows, gathered from every <c>fmri</c> shard: voxels per (split, clip) and repeat.</summary>
/// <param name="subject">The subject number.</param>
public sealed class SubjectFmri(int subject)
{
    /// <summary>Gets the subject number.</summary>
    public int Subject { get; } = subject;

    /// <summary>Gets the voxel count of every row (-1 before the first row).</summary>
    public int Voxels { get; private set; } = -1;

    /// <summary>Gets, per split, clip id → (split index, voxels per 1-based repeat).</summary>
    public Dictionary<string, Dictionary<string, (int SplitIndex, SortedDictionary<int, float[]> Repeats)>> Clips { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the <c>fmri</c> shards at <paramref name="shardPaths"/> one row group at a time and gathers the rows of
    /// the <paramref name="wanted"/> subjects (every subject when empty), keyed by subject.
    /// </summary>
    /// <exception cref="InvalidDataException">A wanted subject has no rows, the table has none, or rows disagree in voxel count or repeat.</exception>
    public static async Task<Dictionary<int, SubjectFmri>> ReadAsync(IEnumerable<string> shardPaths, IReadOnlyCollection<int> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentNullException.ThrowIfNull(wanted);
        var subjects = new Dictionary<int, SubjectFmri>();
        foreach (var path in shardPaths)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<FmriRow>(path, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in group)
                {
                    if (wanted.Count > 0 && !wanted.Contains(row.Subject))
                    {
                        continue;
                    }

                    if (!subjects.TryGetValue(row.Subject, out var s))
                    {
                        s = new SubjectFmri(row.Subject);
                        subjects[row.Subject] = s;
                    }

                    s.Add(row.Split, row.ClipId, row.SplitIndex, row.Repeat, row.Voxels);
                }
            }
        }

        var missing = wanted.Where(w => !subjects.ContainsKey(w)).ToList();
        if (missing.Count > 0 || subjects.Count == 0)
        {
            throw new InvalidDataException($"train: the fmri table has no rows for subject(s) [{string.Join(", ", missing)}]; it holds [{string.Join(", ", subjects.Keys.Order())}]");
        }

        return subjects;
    }

    /// <summary>Returns the clips of one split in split order (empty when the subject has none).</summary>
    public IReadOnlyList<(string Id, int SplitIndex, SortedDictionary<int, float[]> Repeats)> Ordered(string split) =>
        Clips.TryGetValue(split, out var clips)
            ? clips.Select(kv => (kv.Key, kv.Value.SplitIndex, kv.Value.Repeats)).OrderBy(c => c.SplitIndex).ToList()
            : [];

    /// <summary>Adds one row: a clip's voxels for one repeat.</summary>
    /// <exception cref="InvalidDataException">The row's voxel count differs from earlier rows', or the repeat is already present.</exception>
    public void Add(string split, string clipId, int splitIndex, int repeat, List<float> voxels)
    {
        ArgumentNullException.ThrowIfNull(voxels);
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
