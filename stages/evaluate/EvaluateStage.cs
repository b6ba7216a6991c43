using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Frames;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Runs;
using Neurons.Evaluation.Segmentation;
using Neurons.Evaluation.Summary;

namespace Neurons.Stages.Evaluate;

/// <summary>
/// The <c>evaluate</c> stage: reads the clips of one split with their annotations, key-object masks and
/// concepts (the ground truth) and, by default (<c>pred_vs_gt</c>), each subject's decoded outputs (blurry
/// frames, masks, concept scores, captions from the <c>decode</c> stage); hands each clip to a
/// <see cref="MetricsAccumulator"/> per subject, which puts the permutation null beside every paired metric,
/// adds the mean over subjects, and writes the <c>metrics</c> table with the summary in the sidecar under
/// <c>summary</c>. <c>gt_vs_gt</c> is the sanity run (every prediction is the ground truth). Another
/// prediction (the generate stage's videos) is one more entry of <see cref="Predictions"/>, scored as its
/// own rows (<c>prediction</c> column).
/// </summary>
public sealed class EvaluateStage : IStage
{
    private const string StageFile = "stages/evaluate/stage.yaml";

    /// <inheritdoc/>
    public string Name => "evaluate";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var o = parameters.Bind<EvaluateOptions>();
        return [.. OptionsValidation.Validate<EvaluateOptions>(parameters), .. OptionsValidation.MissingFiles(("videomae_model", o.VideomaeModel), ("vit_model", o.VitModel), ("clip_model", o.ClipModel))];
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<EvaluateOptions>();
        var settings = Settings(options);
        var notes = new List<string>();
        var verbs = LoadVerbs(options.WordnetDir, notes);

        using var video = OpenOptional(options.VideomaeModel, "videomae_model", p => VideoMaeClassifier.Open(p, context.Logger), notes, "video N-way");
        using var vit = OpenOptional(options.VitModel, "vit_model", p => VitClassifier.Open(p, context.Logger), notes, "frame N-way");
        using var clipModel = OpenOptional(options.ClipModel, "clip_model", p => ClipImageEmbedder.Open(p, context.Logger), notes, "CLIP-pcc");

        var shards = context.Input("clips").Where(s => s.Shard.Split == options.Split).ToList();
        if (shards.Count == 0)
        {
            throw new InvalidOperationException($"evaluate: no clips shard of split '{options.Split}' (shards: {string.Join(", ", context.Input("clips").Select(s => s.Shard.Name))})");
        }

        var captions = await ReadCaptionsAsync(context, options.Split, cancellationToken).ConfigureAwait(false);
        var masks = await ReadKeyObjectMasksAsync(context, options.Split, cancellationToken).ConfigureAwait(false);
        if (masks.Count == 0)
        {
            masks = await ReadMasksAsync(context, options.Split, cancellationToken).ConfigureAwait(false);
            if (masks.Count > 0)
            {
                notes.Add("no keyobjects rows for the split: Dice's ground truth is the union of a clip's object masks per frame at 64x64");
            }
        }

        var (concepts, conceptNames) = await ReadConceptsAsync(context, options.Split, cancellationToken).ConfigureAwait(false);
        settings = settings with { ConceptNames = conceptNames };
        var clips = new List<ClipRow>();
        foreach (var shard in shards)
        {
            clips.AddRange(await ParquetRows.ReadAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false));
        }

        clips = [.. clips.OrderBy(c => c.SplitIndex)];
        var models = new EvaluationModels(video, vit, clipModel);
        var rows = new List<MetricRow>();
        var summaryRows = new List<MetricRow>();
        var allNotes = new List<string>(notes);
        if (options.Comparison == "gt_vs_gt")
        {
            var accumulator = new MetricsAccumulator(settings, models, verbs);
            foreach (var clip in clips)
            {
                cancellationToken.ThrowIfCancellationRequested();
                accumulator.Add(GroundTruthClip(clip, captions, masks, concepts));
                context.Progress.Report(clips.Count == 0 ? 1 : (double)accumulator.Clips / clips.Count);
            }

            var result = accumulator.Complete(notes);
            rows.AddRange(result.Rows);
            summaryRows.AddRange(result.Rows.Where(r => r.Level == MetricRow.AggregateLevel));
            allNotes = [.. result.Summary.Notes];
        }
        else
        {
            var predictions = await Predictions(context, options.Split, cancellationToken).ConfigureAwait(false);
            var work = predictions.SelectMany(p => p.Value.Select(s => (Prediction: p.Key, Subject: s.Key, Rows: s.Value))).ToList();
            var done = 0;
            foreach (var group in work.GroupBy(w => w.Prediction))
            {
                var perSubject = new List<EvaluationResult>();
                foreach (var (prediction, subject, predicted) in group.OrderBy(w => w.Subject))
                {
                    var accumulator = new MetricsAccumulator(settings with { Prediction = prediction, Subject = subject }, models, verbs);
                    var missing = 0;
                    foreach (var clip in clips)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (!predicted.TryGetValue(clip.ClipId, out var decoded))
                        {
                            missing++;
                            continue;
                        }

                        accumulator.Add(PredictedClip(clip, decoded, captions, masks, concepts));
                    }

                    var subjectNotes = missing == 0 ? notes : [.. notes, string.Create(CultureInfo.InvariantCulture, $"{prediction} subject {subject}: {missing} of {clips.Count} clips have no prediction and are not scored")];
                    var result = accumulator.Complete(subjectNotes);
                    perSubject.Add(result);
                    rows.AddRange(result.Rows);
                    summaryRows.AddRange(result.Rows.Where(r => r.Level == MetricRow.AggregateLevel));
                    allNotes = [.. allNotes.Concat(result.Summary.Notes).Distinct(StringComparer.Ordinal)];
                    context.Progress.Report((double)++done / work.Count);
                }

                if (perSubject.Count > 1)
                {
                    var average = SubjectAverage.Of(perSubject);
                    rows.AddRange(average);
                    summaryRows.AddRange(average);
                }
            }

            if (work.Count == 0)
            {
                throw new InvalidOperationException($"evaluate: comparison pred_vs_gt found no decoded rows of split '{options.Split}'; run the decode stage first, or set stages.evaluate.comparison: gt_vs_gt");
            }

            if (context.InputTables.Contains("generated"))
            {
                // The generate stage's videos: their own `generated` rows, frame metrics against the resized ground truth.
                var generatedShards = context.Input("generated").Where(s => s.Shard.Split == options.Split).ToList();
                var byId = clips.ToDictionary(c => c.ClipId, StringComparer.Ordinal);
                var perSubject = new List<EvaluationResult>();
                foreach (var subject in predictions.GetValueOrDefault("decoded")?.Keys.Order() ?? Enumerable.Empty<int>())
                {
                    var generated = await GeneratedClips.ReadAsync(generatedShards, byId, subject, cancellationToken).ConfigureAwait(false);
                    if (generated.Count == 0)
                    {
                        continue;
                    }

                    var accumulator = new MetricsAccumulator(settings with { Prediction = "generated", Subject = subject }, models, verbs);
                    foreach (var clip in generated)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        accumulator.Add(clip);
                    }

                    var result = accumulator.Complete(notes);
                    perSubject.Add(result);
                    rows.AddRange(result.Rows);
                    summaryRows.AddRange(result.Rows.Where(r => r.Level == MetricRow.AggregateLevel));
                }

                if (perSubject.Count > 1)
                {
                    var average = SubjectAverage.Of(perSubject);
                    rows.AddRange(average);
                    summaryRows.AddRange(average);
                }
            }
        }

        if (captions.Count == 0)
        {
            allNotes.Add($"no ok annotations for split '{options.Split}': caption metrics skipped");
        }

        if (masks.Count == 0)
        {
            allNotes.Add($"no masks for split '{options.Split}': Dice skipped");
        }

        var summary = MetricSummary.FromRows(summaryRows, allNotes);
        var output = context.Output("metrics");
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["summary"] = summary.ToJson();
        output.Metadata["split"] = options.Split;
        output.Metadata["clips"] = clips.Count;
    }

    /// <summary>Builds the library settings from the stage options, checking the values binding cannot.</summary>
    internal static EvaluationSettings Settings(EvaluateOptions options)
    {
        var ways = new List<int>();
        foreach (var text in options.Ways)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 2 || n > 398)
            {
                throw new ConfigException(StageFile, "stages.evaluate.ways", $"'{text}' is not an N between 2 and 398");
            }

            ways.Add(n);
        }

        if (options.NullPermutations < 0)
        {
            throw new ConfigException(StageFile, "stages.evaluate.null_permutations", $"{options.NullPermutations} must be 0 (no null) or more");
        }

        if (options.Trials < 1)
        {
            throw new ConfigException(StageFile, "stages.evaluate.trials", $"{options.Trials} must be at least 1");
        }

        if (!double.IsFinite(options.PsnrCapDb) || options.PsnrCapDb <= 0)
        {
            throw new ConfigException(StageFile, "stages.evaluate.psnr_cap_db", $"{options.PsnrCapDb} must be a positive number of dB");
        }

        return new EvaluationSettings
        {
            Comparison = options.Comparison,
            Ssim = new SsimOptions { Variant = options.SsimVariant == "2d" ? SsimVariant.TwoDimensional : SsimVariant.Reference },
            ReferenceGrid = options.FrameLayout == "reference_grid",
            PsnrCapDb = options.PsnrCapDb,
            Seed = options.Seed,
            Trials = options.Trials,
            Ways = ways,
            NullPermutations = options.NullPermutations,
            NullSeed = options.NullSeed,
        };
    }

    private static EvaluationClip GroundTruthClip(
        ClipRow clip,
        Dictionary<string, string> captions,
        Dictionary<string, bool[]> masks,
        Dictionary<string, IReadOnlyList<bool>> concepts)
    {
        var frames = RgbFrame.SplitClip(clip.DecodeFrames(), ClipRow.FrameCount, clip.Width, clip.Height);
        var caption = captions.GetValueOrDefault(clip.ClipId);
        var mask = masks.TryGetValue(clip.ClipId, out var m) ? m : masks.Count > 0 ? new bool[ClipRow.FrameCount * MaskResize.EvaluationSize * MaskResize.EvaluationSize] : null;
        var labels = concepts.GetValueOrDefault(clip.ClipId);
        return new EvaluationClip
        {
            ClipId = clip.ClipId,
            Index = clip.SplitIndex,
            TruthFrames = frames,
            PredictionFrames = frames,
            TruthCaption = caption,
            PredictionCaption = caption,
            TruthMask = mask,
            PredictionMask = mask,
            TruthConcepts = labels,
            PredictionConcepts = labels?.Select(l => l ? 1.0 : 0.0).ToList(),
        };
    }

    /// <summary>
    /// The predictions to score, by name (the <c>prediction</c> column), then subject, then clip id: today the
    /// decode stage's outputs (<c>decoded</c>); the generate stage's videos become a second entry.
    /// </summary>
    private static async Task<Dictionary<string, Dictionary<int, Dictionary<string, PredictedOutputs>>>> Predictions(StageContext context, string split, CancellationToken cancellationToken)
    {
        var decoded = new Dictionary<int, Dictionary<string, PredictedOutputs>>();
        foreach (var shard in context.Input("decoded").Where(s => s.Shard.Split == split))
        {
            foreach (var row in await ParquetRows.ReadAsync<DecodedRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                if (!decoded.TryGetValue(row.Subject, out var clips))
                {
                    clips = new Dictionary<string, PredictedOutputs>(StringComparer.Ordinal);
                    decoded[row.Subject] = clips;
                }

                clips[row.ClipId] = PredictedOutputs.FromDecoded(row, shard.Path);
            }
        }

        return new Dictionary<string, Dictionary<int, Dictionary<string, PredictedOutputs>>>(StringComparer.Ordinal) { ["decoded"] = decoded };
    }

    private static EvaluationClip PredictedClip(
        ClipRow clip,
        PredictedOutputs predicted,
        Dictionary<string, string> captions,
        Dictionary<string, bool[]> masks,
        Dictionary<string, IReadOnlyList<bool>> concepts)
    {
        var truth = GroundTruthClip(clip, captions, masks, concepts);
        return truth with
        {
            PredictionFrames = predicted.Frames,
            PredictionCaption = truth.TruthCaption is null ? null : predicted.Caption,
            PredictionMask = truth.TruthMask is null ? null : predicted.Mask,
            PredictionConcepts = truth.TruthConcepts is null ? null : predicted.ConceptScores,
        };
    }

    private static async Task<Dictionary<string, bool[]>> ReadKeyObjectMasksAsync(StageContext context, string split, CancellationToken cancellationToken)
    {
        const int size = MaskResize.EvaluationSize;
        var result = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var shard in context.Input("keyobjects").Where(s => s.Shard.Split == split))
        {
            foreach (var row in await ParquetRows.ReadAsync<KeyObjectRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                if (row.Masks.Count != row.FrameCount || row.FrameCount != ClipRow.FrameCount)
                {
                    throw new InvalidDataException($"{shard.Path}: clip {row.ClipId} has {row.Masks.Count} masks, expected {ClipRow.FrameCount} frames");
                }

                var clipMask = new bool[ClipRow.FrameCount * size * size];
                for (var f = 0; f < ClipRow.FrameCount; f++)
                {
                    var bits = row.DecodeMask(f);
                    MaskResize.Nearest(bits, row.Width, row.Height, size, size).CopyTo(clipMask, f * size * size);
                }

                result[row.ClipId] = clipMask;
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, string>> ReadCaptionsAsync(StageContext context, string split, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in context.Input("annotations").Where(s => s.Shard.Split == split))
        {
            var rows = await ParquetRows.ReadAsync<AnnotationRow>(shard.Path, cancellationToken).ConfigureAwait(false);
            foreach (var clip in rows.Where(r => r.Status == "ok" && r.Caption.Length > 0).GroupBy(r => r.ClipId, StringComparer.Ordinal))
            {
                // One caption per clip: the key frame (2) when every frame was annotated.
                result[clip.Key] = (clip.FirstOrDefault(r => r.Frame == 2) ?? clip.First()).Caption;
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, bool[]>> ReadMasksAsync(StageContext context, string split, CancellationToken cancellationToken)
    {
        const int size = MaskResize.EvaluationSize;
        var result = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var shard in context.Input("masks").Where(s => s.Shard.Split == split))
        {
            var rows = await ParquetRows.ReadAsync<MaskRow>(shard.Path, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (row.Frame is < 0 or >= ClipRow.FrameCount)
                {
                    throw new InvalidDataException($"{shard.Path}: clip {row.ClipId} has a mask for frame {row.Frame} (frames are 0-5)");
                }

                if (!result.TryGetValue(row.ClipId, out var clipMask))
                {
                    clipMask = new bool[ClipRow.FrameCount * size * size];
                    result[row.ClipId] = clipMask;
                }

                var bits = row.DecodeMask();
                var resized = MaskResize.Nearest(bits, row.Width, row.Height, size, size);
                for (var i = 0; i < resized.Length; i++)
                {
                    clipMask[(row.Frame * size * size) + i] |= resized[i];
                }
            }
        }

        return result;
    }

    private static async Task<(Dictionary<string, IReadOnlyList<bool>> Labels, IReadOnlyList<string> Names)> ReadConceptsAsync(StageContext context, string split, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, IReadOnlyList<bool>>(StringComparer.Ordinal);
        var names = new Dictionary<int, string>();
        foreach (var shard in context.Input("concepts").Where(s => s.Shard.Split == split))
        {
            var rows = await ParquetRows.ReadAsync<ConceptRow>(shard.Path, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => r.Status == "ok"))
            {
                labels[row.ClipId] = row.MultiHot.Select(v => v != 0).ToList();

                // concepts lists the names of the set labels in index order.
                var set = row.MultiHot.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => p.i).ToList();
                if (set.Count == row.Concepts.Count)
                {
                    for (var k = 0; k < set.Count; k++)
                    {
                        names.TryAdd(set[k], row.Concepts[k]);
                    }
                }
            }
        }

        var count = labels.Values.Select(l => l.Count).DefaultIfEmpty(0).Max();
        var ordered = Enumerable.Range(0, count)
            .Select(i => names.TryGetValue(i, out var n) ? n : string.Create(CultureInfo.InvariantCulture, $"concept_{i}"))
            .ToList();
        return (labels, ordered);
    }

    private static VerbExtractor? LoadVerbs(string directory, List<string> notes)
    {
        try
        {
            return new VerbExtractor(VerbLexicon.Load(directory));
        }
        catch (FileNotFoundException ex)
        {
            notes.Add($"verb accuracy skipped: {ex.Message}");
            return null;
        }
    }

    private static T? OpenOptional<T>(string path, string parameter, Func<string, T> open, List<string> notes, string metric)
        where T : class
    {
        if (path.Length == 0)
        {
            notes.Add($"{metric} skipped: stages.evaluate.{parameter} is not set");
            return null;
        }

        if (!File.Exists(path))
        {
            throw new ConfigException(StageFile, $"stages.evaluate.{parameter}", $"{path} does not exist");
        }

        return open(path);
    }
}
