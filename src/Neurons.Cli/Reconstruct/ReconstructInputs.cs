using System.Globalization;
using System.Text.RegularExpressions;
using Neurons.Cli.Commands;
using Neurons.Data.Cifti;
using Neurons.Data.Export;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;
using Neurons.Model.Inference;
using Neurons.Stages.Decode;

namespace Neurons.Cli.Reconstruct;

/// <summary>
/// Finds in a workspace's committed shards what <c>pipeline reconstruct</c> needs: the clip, its fMRI (the
/// <c>fmri</c> rows averaged over repeats as <c>decode</c> does, or a raw run preprocessed by the <c>fmri</c> stage's
/// library code), the subject's mask and trained model. Every refusal is a <see cref="ReconstructInputException"/>.
/// </summary>
internal sealed partial class ReconstructInputs
{
    private readonly ShardStore store;

    public ReconstructInputs(string workspace)
    {
        store = new ShardStore(workspace);
    }

    /// <summary>Returns the sample of a workspace clip: its fMRI rows' mean over repeats, or one repeat.</summary>
    public async Task<ReconstructSample> ClipAsync(int subject, string clipId, int? repeat, CancellationToken cancellationToken)
    {
        var clip = await FindClipAsync(clipId, cancellationToken).ConfigureAwait(false)
            ?? throw new ReconstructInputException($"--clip {clipId}: no such clip in the committed clips shards of {store.Root} ({await ClipRangeAsync(cancellationToken).ConfigureAwait(false)})");
        var fmri = Committed("fmri").FirstOrDefault(s => s.Name == clip.Segment)
            ?? throw new ReconstructInputException($"--clip {clipId}: no committed fmri shard {clip.Segment} in {store.Root}; run `pipeline run` first");
        var repeats = new SortedDictionary<int, float[]>();
        await foreach (var group in ParquetRows.ReadRowGroupsAsync<FmriRow>(fmri.Path, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in group.Where(r => r.Subject == subject && r.ClipId == clipId))
            {
                repeats[row.Repeat] = [.. row.Voxels];
            }
        }

        if (repeats.Count == 0)
        {
            throw new ReconstructInputException($"--subject {subject}: {fmri.Path} holds no fMRI rows of subject {subject} for clip {clipId}");
        }

        if (repeat is { } r)
        {
            return repeats.TryGetValue(r, out var one)
                ? new ReconstructSample(clip, true, one, 1, string.Create(CultureInfo.InvariantCulture, $"fmri/{fmri.Name}: subject {subject}, clip {clipId}, repeat {r}"))
                : throw new ReconstructInputException($"--repeat {r}: clip {clipId} of subject {subject} has repeats {string.Join(", ", repeats.Keys)}");
        }

        return new ReconstructSample(clip, true, RepeatAverage.Mean(repeats.Values), repeats.Count, string.Create(CultureInfo.InvariantCulture, $"fmri/{fmri.Name}: subject {subject}, clip {clipId}, mean of repeats {string.Join(", ", repeats.Keys)}"));
    }

    /// <summary>
    /// Returns the sample at TR <paramref name="tr"/> of a raw run: trimmed, detrended and z-scored over the window
    /// the <c>fmri</c> stage uses (its committed clip count and <c>lag_trs</c>), the subject's mask vertices taken.
    /// </summary>
    public async Task<ReconstructSample> CiftiAsync(int subject, string path, int tr, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ReconstructInputException($"--cifti {path}: no such file");
        }

        var mask = await MaskAsync(subject, cancellationToken).ConfigureAwait(false);
        var fmriShards = Committed("fmri");
        if (fmriShards.Count == 0)
        {
            throw new ReconstructInputException($"--cifti: no committed fmri shard in {store.Root} gives the window (clips, lag_trs); run `pipeline run` first");
        }

        var match = RunName().Match(Path.GetFileName(path));
        var segment = match.Success ? match.Groups[1].Value : null;
        var window = fmriShards.FirstOrDefault(s => s.Name == segment) ?? fmriShards[0];
        var clips = (int?)window.Metadata["clips"] ?? throw new InvalidDataException($"{window.Path}: the fmri sidecar has no metadata.clips");
        var lag = (int?)window.Metadata["lag_trs"] ?? 0;
        if (tr < 0 || tr >= clips)
        {
            throw new ReconstructInputException($"--tr {tr}: outside the run's clip window 0..{clips - 1} (the fmri stage pairs {clips} clips with each run, lag_trs {lag})");
        }

        MaskedRun run;
        try
        {
            run = MaskedRun.Read(path, mask, clips, lag, dropNonFinite: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or CiftiFormatException)
        {
            throw new ReconstructInputException($"--cifti {e.Message}", e);
        }

        var voxels = run.Sample(tr);
        var known = segment is null ? null : (await FindClipsOfSegmentAsync(segment, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.TrIndex == tr);
        var like = known ?? await AnyClipAsync(cancellationToken).ConfigureAwait(false);
        var clip = known ?? new ClipRow
        {
            ClipId = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path).Split('.')[0]}_tr{tr}"),
            Segment = segment ?? string.Empty,
            TrIndex = tr,
            SplitIndex = tr,
            Width = like.Width,
            Height = like.Height,
        };
        return new ReconstructSample(clip, known is not null, voxels, 1, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(path)}: TR {tr} (volume {run.WindowStart + tr} of {run.Volumes}), {voxels.Length} mask vertices"));
    }

    /// <summary>
    /// Returns the brain models (grayordinate layout) of the subject's runs: those of <paramref name="cifti"/> when given,
    /// else of the first run of the subject's <paramref name="segment"/> (or any segment) in the dataset; null when no
    /// run is at hand or its layout is not the mask's.
    /// </summary>
    public static IReadOnlyList<CiftiBrainModel>? BrainModels(string datasetRoot, int subject, string segment, string? cifti, FmriMaskRow mask)
    {
        var path = cifti;
        if (path is null)
        {
            var root = Path.Combine(datasetRoot, $"subject{subject}", "fmri");
            IEnumerable<string> segments = Directory.Exists(root) ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().OrderBy(s => s == segment ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal) : [];
            path = segments
                .SelectMany(s => Cc2017FmriLayout.DiscoverRepeats(datasetRoot, subject, s).Select(r => Cc2017FmriLayout.RunPath(datasetRoot, subject, s, r)))
                .FirstOrDefault();
        }

        if (path is null)
        {
            return null;
        }

        try
        {
            using var reader = CiftiReader.Open(path);
            return FmriMaskBuilder.Describe(reader.Header.Models) == mask.Models ? reader.Header.Models : null;
        }
        catch (Exception e) when (e is InvalidDataException or CiftiFormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>Returns the subject's mask row.</summary>
    public async Task<FmriMaskRow> MaskAsync(int subject, CancellationToken cancellationToken)
    {
        var shard = Committed("fmri_masks").FirstOrDefault()
            ?? throw new ReconstructInputException($"no committed fmri_masks shard in {store.Root}; run `pipeline run` first");
        var masks = await ParquetRows.ReadAsync<FmriMaskRow>(shard.Path, cancellationToken).ConfigureAwait(false);
        return masks.FirstOrDefault(m => m.Subject == subject)
            ?? throw new ReconstructInputException($"--subject {subject}: no fMRI mask for subject {subject} in {shard.Path} (subjects: {string.Join(", ", masks.Select(m => m.Subject))})");
    }

    /// <summary>Returns the path of the subject's trained stage-2 model (the committed <c>decoupler_training</c> shard).</summary>
    public string ModelPath(int subject, DecodeOptions options)
    {
        var sidecar = store.TryRead("decoupler_training", "all")
            ?? throw new ReconstructInputException($"--subject {subject}: no trained stage-2 model in {store.Root} (no committed decoupler_training shard); run `pipeline run`, or pass --weights");
        var shard = new InputShard("decoupler_training", Shard.All, store.DataPath("decoupler_training", "all"), sidecar.Rows, sidecar.Metadata)
        {
            FilesDirectory = store.FilesPath("decoupler_training", "all"),
            Files = [.. sidecar.Files.Select(f => f.Path)],
        };
        Dictionary<int, string> models;
        try
        {
            models = DecodeStage.Models(shard, options with { Subjects = [] });
        }
        catch (InvalidDataException e)
        {
            throw new ReconstructInputException(e.Message, e);
        }

        return models.TryGetValue(subject, out var file)
            ? shard.File(file)
            : throw new ReconstructInputException($"--subject {subject}: no trained stage-2 model for subject {subject} in {shard.Path} (models: {string.Join(", ", models.Keys.Order())})");
    }

    /// <summary>Returns the path of the committed <c>target_concepts</c> table.</summary>
    public string ConceptsPath() =>
        Committed("target_concepts").FirstOrDefault()?.Path
            ?? throw new ReconstructInputException($"no committed target_concepts shard in {store.Root}; run `pipeline run` first");

    private List<ExportShard> Committed(string table) => ExportCommand.CommittedShards(store, table);

    private async Task<ClipRow?> FindClipAsync(string clipId, CancellationToken cancellationToken)
    {
        // cc2017 clip ids are <segment>_<index>: that segment's shard is read first, the others only if it lacks the clip.
        var underscore = clipId.LastIndexOf('_');
        var guess = underscore > 0 ? clipId[..underscore] : string.Empty;
        foreach (var shard in Committed("clips").OrderBy(s => s.Name == guess ? 0 : 1))
        {
            var keys = await ParquetRows.ReadAsync<FmriClipKey>(shard.Path, cancellationToken).ConfigureAwait(false);
            if (keys.Any(k => k.ClipId == clipId))
            {
                return (await ParquetRows.ReadAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false)).First(c => c.ClipId == clipId);
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<ClipRow>> FindClipsOfSegmentAsync(string segment, CancellationToken cancellationToken)
    {
        var shard = Committed("clips").FirstOrDefault(s => s.Name == segment);
        return shard is null ? [] : await ParquetRows.ReadAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ClipRow> AnyClipAsync(CancellationToken cancellationToken)
    {
        var shard = Committed("clips").FirstOrDefault()
            ?? throw new ReconstructInputException($"no committed clips shard in {store.Root} gives the frame size; run `pipeline run` first");
        return (await ParquetRows.ReadAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false))[0];
    }

    private async Task<string> ClipRangeAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var shard in Committed("clips"))
        {
            var keys = await ParquetRows.ReadAsync<FmriClipKey>(shard.Path, cancellationToken).ConfigureAwait(false);
            var ordered = keys.Select(k => k.ClipId).Order(StringComparer.Ordinal).ToList();
            if (ordered.Count > 0)
            {
                names.Add($"{ordered[0]}..{ordered[^1]}");
            }
        }

        return names.Count == 0 ? "none committed" : "clips: " + string.Join(", ", names);
    }

    [GeneratedRegex(@"^(.+)_([0-9]+)_Atlas\.dtseries\.nii$", RegexOptions.CultureInvariant)]
    private static partial Regex RunName();
}
