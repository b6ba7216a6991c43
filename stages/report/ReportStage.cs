using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Report;
using Neurons.Evaluation.Summary;

namespace Neurons.Stages.Report;

/// <summary>
/// The <c>report</c> stage: reads every table of the run and hands them to
/// <see cref="HtmlReportWriter"/>, which writes <c>index.html</c>, one page per subject and the images into
/// the <c>report</c> table's files folder (committed atomically with the shard, so a report never mixes two
/// runs). The table itself lists the sections and whether each has content. Tables of stages that are not
/// in the catalog (<c>optional_inputs</c>: stage 2, decoded, generated) leave labelled empty sections.
/// </summary>
public sealed class ReportStage : IStage
{
    /// <inheritdoc/>
    public string Name => "report";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<ReportOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<ReportOptions>();
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);

        var annotations = await ReadAllAsync<AnnotationRow>(context, "annotations", cancellationToken).ConfigureAwait(false);
        var concepts = await ReadAllAsync<ConceptRow>(context, "concepts", cancellationToken).ConfigureAwait(false);
        var keyObjects = await ReadAllAsync<KeyObjectRow>(context, "keyobjects", cancellationToken).ConfigureAwait(false);
        var masks = await ReadAllAsync<FmriMaskRow>(context, "fmri_masks", cancellationToken).ConfigureAwait(false);
        var dataset = Dataset(context, annotations, concepts, keyObjects);

        var plots = new List<ReportPlot>();
        if (options.MaxLagTrs > 0)
        {
            var clipShards = context.Input("clips").ToDictionary(s => s.Shard.Name, StringComparer.Ordinal);
            var segments = context.Input("fmri").Where(s => clipShards.ContainsKey(s.Shard.Name)).Select(s => (clipShards[s.Shard.Name].Path, s.Path));
            plots.AddRange(await LagCurves.BuildAsync(segments, options.MaxLagTrs, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            missing["lag"] = "stages.report.max_lag_trs is 0";
        }

        foreach (var shard in context.Input("training"))
        {
            plots.AddRange((await HistoryTable.ReadAsync(shard.Path, cancellationToken).ConfigureAwait(false)).Plots("training", "stage 1"));
        }

        if (context.InputTables.Contains("decoupler_training"))
        {
            foreach (var shard in context.Input("decoupler_training"))
            {
                plots.AddRange((await HistoryTable.ReadAsync(shard.Path, cancellationToken).ConfigureAwait(false)).Plots("training2", "stage 2"));
            }
        }
        else
        {
            missing["stage2"] = "no stage writes decoupler_training in this checkout (stage-2 training not built)";
        }

        var (metricLines, metricNotes) = MetricLines(context);
        var clipMetrics = await GalleryTables.ReadClipMetricsAsync(context.Input("metrics").Select(s => s.Path), cancellationToken).ConfigureAwait(false);
        var decoded = await DecodedAsync(context, GalleryTables.ConceptNames(concepts), missing, cancellationToken).ConfigureAwait(false);
        var (taskMaps, taskMapPlots) = await TaskMaps.BuildAsync(context, options, masks, missing, cancellationToken).ConfigureAwait(false);
        plots.AddRange(taskMapPlots);

        var subjects = masks.Select(m => m.Subject).Concat(plots.Select(p => p.Subject)).Where(s => s > 0).Distinct().Order().ToList();
        var model = new ReportModel
        {
            RunFacts = RunFacts(context, options),
            Dataset = dataset,
            Fmri = [.. masks.OrderBy(m => m.Subject).Select(m => new FmriSubjectSummary(m.Subject, m.Tested, m.V, m.Df, m.MeanZ))],
            Plots = plots,
            Metrics = metricLines,
            MetricNotes = metricNotes,
            TaskMaps = taskMaps,
            Missing = missing,
            Subjects = subjects,
        };

        var gallery = new GallerySource(annotations, concepts, keyObjects, clipMetrics, decoded);
        var output = context.Output("report");
        var galleryShards = context.Input("clips").Where(s => s.Shard.Split == options.Split).OrderBy(s => s.Shard.Name, StringComparer.Ordinal).ToList();
        var clips = gallery.ClipsAsync([.. galleryShards.Select(s => s.Path)], galleryShards.Sum(s => s.Rows), context.Progress, cancellationToken);
        await HtmlReportWriter.WriteAsync(model, clips, output.FilesDirectory, cancellationToken).ConfigureAwait(false);

        var rows = SectionRows(model, gallery.Written, options.Split);
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["index"] = "index.html";
        output.Metadata["split"] = options.Split;
        output.Metadata["clips"] = gallery.Written;
        output.Metadata["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode?)s)]);
    }

    private static List<ReportSectionRow> SectionRows(ReportModel model, int clips, string split)
    {
        static ReportSectionRow Row(string section, bool ok, string detail, IReadOnlyDictionary<string, string> missing, string key) =>
            new() { Section = section, Status = ok ? "ok" : "empty", Detail = ok ? detail : missing.GetValueOrDefault(key, detail) };

        var m = model.Missing;
        return
        [
            Row("dataset", model.Dataset is not null, "clips, annotations, concepts, key objects", m, "dataset"),
            Row("fmri", model.Fmri.Count > 0, string.Create(CultureInfo.InvariantCulture, $"{model.Fmri.Count} subjects"), m, "fmri"),
            Row("training", model.Plots.Any(p => p.Section.StartsWith("training", StringComparison.Ordinal)), string.Create(CultureInfo.InvariantCulture, $"{model.Plots.Count(p => p.Section.StartsWith("training", StringComparison.Ordinal))} plots"), m, "training"),
            Row("metrics", model.Metrics.Count > 0, string.Create(CultureInfo.InvariantCulture, $"{model.Metrics.Count} entries"), m, "metrics"),
            Row("task-maps", model.TaskMaps.Count > 0, string.Create(CultureInfo.InvariantCulture, $"{model.TaskMaps.Count} subjects"), m, "task_maps"),
            Row("gallery", clips > 0, string.Create(CultureInfo.InvariantCulture, $"{clips} {split} clips"), m, "gallery"),
        ];
    }

    private static List<KeyValuePair<string, string>> RunFacts(StageContext context, ReportOptions options)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new("workspace", context.WorkspaceRoot),
            new("dataset", context.DatasetRoot),
            new("gallery split", options.Split),
            new("tables read", string.Join(", ", context.InputTables.Order(StringComparer.Ordinal))),
        };
        return facts;
    }

    private static DatasetSummary Dataset(StageContext context, IReadOnlyList<AnnotationRow> annotations, IReadOnlyList<ConceptRow> concepts, IReadOnlyList<KeyObjectRow> keyObjects)
    {
        var facts = new List<KeyValuePair<string, string>>();
        foreach (var key in new[] { "provider", "model", "ok", "failed", "requests", "cache_hits" })
        {
            var values = context.Input("annotations").Select(s => s.Metadata[key]).Where(v => v is JsonValue).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var numbers = values.Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? v.GetValue<double>() : double.NaN).ToList();
            facts.Add(new(key, numbers.All(double.IsFinite)
                ? numbers.Sum().ToString(CultureInfo.InvariantCulture)
                : string.Join(", ", values.Select(v => v!.ToString()).Distinct(StringComparer.Ordinal))));
        }

        return new DatasetSummary
        {
            ClipsPerSplit = [.. context.Input("clips").GroupBy(s => s.Shard.Split, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NamedCount(g.Key, g.Sum(s => s.Rows)))],
            AnnotationStatus = Counts(annotations.Select(a => a.Status)),
            AnnotationFailures = Counts(annotations.Where(a => a.Status != "ok").Select(a => a.Error ?? "(no reason)"), 20),
            AnnotationFacts = facts,
            Concepts = Counts(concepts.Where(c => c.Status == "ok").SelectMany(c => c.Concepts)),
            Unmapped = Counts(concepts.SelectMany(c => c.Unmapped), 30),
            KeyObjectReasons = Counts(keyObjects.Select(k => k.Reason)),
        };
    }

    private static List<NamedCount> Counts(IEnumerable<string> names, int top = int.MaxValue) =>
        [.. names.GroupBy(n => n, StringComparer.Ordinal).Select(g => new NamedCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(top)];

    private static (List<MetricLine> Lines, List<string> Notes) MetricLines(StageContext context)
    {
        var paper = PaperNumbers.Load();
        var lines = new List<MetricLine>();
        var notes = new List<string>();
        foreach (var shard in context.Input("metrics"))
        {
            if (shard.Metadata["summary"] is not JsonObject summary)
            {
                continue;
            }

            notes.AddRange((summary["notes"] as JsonArray)?.Select(n => (string?)n ?? string.Empty) ?? []);
            foreach (var e in (summary["entries"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var metric = (string?)e["metric"] ?? string.Empty;
                var variant = (string?)e["variant"] ?? string.Empty;
                var subject = (int?)e["subject"] ?? 0;
                var number = paper.Find(metric, variant);
                lines.Add(new MetricLine
                {
                    Subject = subject,
                    Prediction = (string?)e["prediction"] ?? string.Empty,
                    Metric = metric,
                    Variant = variant,
                    Value = (double?)e["value"] ?? double.NaN,
                    Std = (double?)e["std"] ?? double.NaN,
                    NullMean = (double?)e["null_mean"] ?? double.NaN,
                    P = (double?)e["p"] ?? double.NaN,
                    Chance = (double?)e["chance"] ?? double.NaN,
                    Paper = (subject == 1 ? number?.Subject1 : number?.Neurons) ?? double.NaN,
                });
            }
        }

        return (lines, notes);
    }

    private static async Task<Dictionary<string, List<GalleryDecoding>>> DecodedAsync(StageContext context, Dictionary<int, string> conceptNames, Dictionary<string, string> missing, CancellationToken cancellationToken)
    {
        if (!context.InputTables.Contains("decoded"))
        {
            missing["decoded"] = "no stage writes decoded in this checkout: decoded captions, concept scores, masks and blurry frames are not shown";
            return new Dictionary<string, List<GalleryDecoding>>(StringComparer.Ordinal);
        }

        var videos = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.InputTables.Contains("generated"))
        {
            foreach (var shard in context.Input("generated"))
            {
                foreach (var file in shard.Files.Where(f => f.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".gif", StringComparison.OrdinalIgnoreCase)))
                {
                    // The shard lists its committed files (shard.File would search that list once per file).
                    videos.TryAdd(Path.GetFileNameWithoutExtension(file), Path.Combine(shard.FilesDirectory!, file));
                }
            }
        }
        else
        {
            missing["generated"] = "no stage writes generated in this checkout: generated videos are not shown";
        }

        // The decode stage's committed PNGs (write_files) are linked into the report rather than written again.
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in context.Input("decoded"))
        {
            foreach (var file in shard.Files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)))
            {
                files.TryAdd(file, Path.Combine(shard.FilesDirectory!, file));
            }
        }

        return await GalleryTables.ReadDecodedAsync(context.Input("decoded").Select(s => s.Path), videos, conceptNames, files, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(StageContext context, string table, CancellationToken cancellationToken)
        where T : class, new()
    {
        var rows = new List<T>();
        foreach (var shard in context.Input(table))
        {
            rows.AddRange(await ParquetRows.ReadAsync<T>(shard.Path, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }
}
