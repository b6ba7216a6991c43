using Neurons.Data.Cifti;
using Neurons.Data.Tables;

namespace Neurons.Data.Fmri;

/// <summary>
/// Produces the <c>fmri</c> rows of one segment: for each subject (mask) and repeat, one run is read,
/// its selected vertices are preprocessed over the clip window, and one row per clip is yielded. Rows come
/// subject-major, then repeat, then TR; only one run is in memory at a time.
/// </summary>
public static class FmriSegmentBuilder
{
    /// <summary>Enumerates the rows lazily; <paramref name="onRun"/> is called once per run read.</summary>
    /// <param name="root">The dataset root.</param>
    /// <param name="segment">The segment (shard) name.</param>
    /// <param name="clips">The segment's clips; their TR indices must be 0…N−1.</param>
    /// <param name="masks">One mask per subject.</param>
    /// <param name="lagTrs">Clip i pairs with trimmed volume i + lag.</param>
    /// <param name="dropped">Runs to leave out.</param>
    /// <param name="onRun">Called after each run is preprocessed.</param>
    /// <param name="cancellationToken">Cancels between runs.</param>
    /// <exception cref="InvalidDataException">A run is missing, malformed or its layout differs from the mask's.</exception>
    public static IEnumerable<FmriRow> Rows(
        string root,
        string segment,
        IReadOnlyList<FmriClipKey> clips,
        IReadOnlyList<FmriMaskRow> masks,
        int lagTrs,
        IReadOnlySet<FmriRunId> dropped,
        Action<FmriRunReport>? onRun,
        CancellationToken cancellationToken) =>
        Rows(root, segment, clips, masks, lagTrs, dropped, dropNonFinite: false, onRun, cancellationToken);

    /// <summary>As above; <paramref name="dropNonFinite"/> zeroes (and counts) vertices holding NaN or infinite samples instead of refusing the run.</summary>
    public static IEnumerable<FmriRow> Rows(
        string root,
        string segment,
        IReadOnlyList<FmriClipKey> clips,
        IReadOnlyList<FmriMaskRow> masks,
        int lagTrs,
        IReadOnlySet<FmriRunId> dropped,
        bool dropNonFinite,
        Action<FmriRunReport>? onRun,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(dropped);
        var ordered = clips.OrderBy(c => c.TrIndex).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].TrIndex != i)
            {
                throw new InvalidDataException($"clips of {segment}: TR indices must be 0..{ordered.Count - 1}, found {ordered[i].TrIndex} at position {i}");
            }
        }

        return Enumerate(root, segment, ordered, masks, lagTrs, dropped, dropNonFinite, onRun, cancellationToken);
    }

    /// <summary>Returns the repeats of a subject's segment that will be read, after drops; fails on gaps.</summary>
    /// <exception cref="InvalidDataException">No run exists or a repeat number is missing without being dropped.</exception>
    public static IReadOnlyList<int> RepeatsToRead(string root, int subject, string segment, IReadOnlySet<FmriRunId> dropped)
    {
        ArgumentNullException.ThrowIfNull(dropped);
        var present = Cc2017FmriLayout.DiscoverRepeats(root, subject, segment);
        var dir = Path.GetDirectoryName(Cc2017FmriLayout.RunPath(root, subject, segment, 1))!;
        if (present.Count == 0)
        {
            throw new InvalidDataException($"{dir}: no {segment}_<repeat>_Atlas.dtseries.nii runs");
        }

        var max = present[^1];
        for (var r = 1; r <= max; r++)
        {
            if (!present.Contains(r) && !dropped.Contains(new FmriRunId(subject, segment, r)))
            {
                throw new InvalidDataException($"{Cc2017FmriLayout.RunPath(root, subject, segment, r)}: missing, while repeat {max} exists (list it in drop_runs as subject{subject}/{segment}/{r} to go on without it)");
            }
        }

        return present.Where(r => !dropped.Contains(new FmriRunId(subject, segment, r))).ToList();
    }

    private static IEnumerable<FmriRow> Enumerate(
        string root,
        string segment,
        List<FmriClipKey> clips,
        IReadOnlyList<FmriMaskRow> masks,
        int lagTrs,
        IReadOnlySet<FmriRunId> dropped,
        bool dropNonFinite,
        Action<FmriRunReport>? onRun,
        CancellationToken cancellationToken)
    {
        foreach (var mask in masks)
        {
            foreach (var repeat in RepeatsToRead(root, mask.Subject, segment, dropped))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Cc2017FmriLayout.RunPath(root, mask.Subject, segment, repeat);
                var run = MaskedRun.Read(path, mask, clips.Count, lagTrs, dropNonFinite, cancellationToken);
                onRun?.Invoke(new FmriRunReport(new FmriRunId(mask.Subject, segment, repeat), run.Volumes, run.WindowStart, run.Run.ConstantRows) { NonFiniteVertices = run.Run.NonFiniteRows });
                for (var t = 0; t < clips.Count; t++)
                {
                    var clip = clips[t];
                    yield return new FmriRow
                    {
                        ClipId = clip.ClipId,
                        Split = clip.Split,
                        Segment = segment,
                        TrIndex = clip.TrIndex,
                        SplitIndex = clip.SplitIndex,
                        Subject = mask.Subject,
                        Repeat = repeat,
                        Volume = run.WindowStart + t,
                        Voxels = [.. run.Sample(t)],
                    };
                }
            }
        }
    }
}
