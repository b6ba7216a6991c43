using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Frames;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Runs;
using Neurons.Evaluation.Summary;
using Neurons.Generation.Scoring;

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

        var truth = await GroundTruth.ReadAsync(
            Paths(context, "annotations", options.Split), Paths(context, "keyobjects", options.Split), Paths(context, "masks", options.Split), Paths(context, "concepts", options.Split), cancellationToken).ConfigureAwait(false);
        if (truth.MasksFromObjects)
        {
            notes.Add("no keyobjects rows for the split: Dice's ground truth is the union of a clip's object masks per frame at 64x64");
        }

        settings = settings with { ConceptNames = ConceptVocabulary.Names([.. context.Input("concepts").Where(s => s.Shard.Split == options.Split)], truth.ConceptNames) };
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
                accumulator.Add(truth.Clip(clip));
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

                        accumulator.Add(truth.Predicted(clip, decoded));
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
                var generatedShards = Paths(context, "generated", options.Split);
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

        if (truth.Captions.Count == 0)
        {
            allNotes.Add($"no ok annotations for split '{options.Split}': caption metrics skipped");
        }

        if (truth.Masks.Count == 0)
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

    /// <summary>
    /// The predictions to score, by name (the <c>prediction</c> column), then subject, then clip id: today the
    /// decode stage's outputs (<c>decoded</c>); the generate stage's videos are scored as their own rows.
    /// </summary>
    private static async Task<Dictionary<string, Dictionary<int, Dictionary<string, PredictedOutputs>>>> Predictions(StageContext context, string split, CancellationToken cancellationToken) =>
        new(StringComparer.Ordinal) { ["decoded"] = await PredictedOutputs.ReadDecodedAsync(Paths(context, "decoded", split), cancellationToken).ConfigureAwait(false) };

    private static List<string> Paths(StageContext context, string table, string split) =>
        [.. context.Input(table).Where(s => s.Shard.Split == split).Select(s => s.Path)];

    private static VerbExtractor? LoadVerbs(string directory, List<string> notes)
    {
        try
        {
            return new VerbExtractor(VerbLexicon.Load(directory.Length == 0 ? VerbLexicon.BuiltInDirectory : directory));
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
