using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Cc2017;
using Neurons.Data.Cifti;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Report;
using Neurons.Model.Attribution;
using Neurons.Model.Inference;

namespace Neurons.Stages.Report;

/// <summary>
/// The report's task maps (docs/report.md, "Task maps"): for each subject with a trained stage-2 model, the
/// <see cref="TaskAttribution"/> of every test clip (repeats averaged, seeded as <c>decode</c> seeds it) averaged by
/// <see cref="TaskMapAccumulator"/>, put back on the subject's cortical vertices (the <c>fmri</c> table's vertex
/// indices; 0 on vertices outside the mask) and written as <c>maps/subject&lt;s&gt;_task_maps.dscalar.nii</c> with the
/// brain models of the subject's input runs, plus a per-vertex CSV and a plot.
/// </summary>
internal static class TaskMaps
{
    public const string Estimator =
        "Gradient × input: per test clip (repeats averaged), x_v · ∂s/∂x_v through the decode path (ridge, backbone, every " +
        "DDPM step of the prior with the clip's seeded noise held fixed, motion projection, heads), for s = the top-1 concept's " +
        "logit (concepts), the mean key-object mask probability (masks), the greedy caption's log-likelihood (caption), half " +
        "the mean square of the blurry latents (blurry_video); the map is the mean of |x_v · ∂s/∂x_v| over the clips.";

    public static async Task<(List<TaskMapSummary> Maps, List<ReportPlot> Plots)> BuildAsync(
        StageContext context, ReportOptions options, IReadOnlyList<FmriMaskRow> masks, Dictionary<string, string> missing, CancellationToken cancellationToken)
    {
        var maps = new List<TaskMapSummary>();
        var plots = new List<ReportPlot>();
        if (!options.TaskMaps)
        {
            missing["task_maps"] = "stages.report.task_maps is false";
            return (maps, plots);
        }

        if (!context.InputTables.Contains("decoupler_training") || !context.InputTables.Contains("target_concepts"))
        {
            missing["task_maps"] = "no stage writes decoupler_training and target_concepts in this checkout: task maps need the trained stage-2 heads";
            return (maps, plots);
        }

        var training = context.SingleInput("decoupler_training");
        if (training.Metadata["models"] is not JsonObject models || models.Count == 0)
        {
            missing["task_maps"] = "the decoupler_training sidecar lists no models";
            return (maps, plots);
        }

        // target_concepts is global: one shard, all, of 51 concept rows (docs/tables/targets.md).
        var (names, text, width) = await ConceptTexts.ReadAsync(context.SingleInput("target_concepts").Path, cancellationToken).ConfigureAwait(false);
        var subjects = models
            .Select(m => (Subject: int.Parse(m.Key.AsSpan("subject".Length), NumberStyles.Integer, CultureInfo.InvariantCulture), File: (string?)m.Value?["model"] ?? string.Empty))
            .OrderBy(m => m.Subject)
            .ToList();
        var fmri = await SubjectFmri.ReadAsync([.. context.Input("fmri").Where(s => s.Shard.Split == "test").Select(s => s.Path)], [.. subjects.Select(s => s.Subject)], cancellationToken).ConfigureAwait(false);
        var clips = fmri.Values.SelectMany(f => f.Clips.GetValueOrDefault("test")?.Select(c => (ClipId: c.Key, c.Value.SplitIndex)) ?? [])
            .DistinctBy(c => c.ClipId).OrderBy(c => c.SplitIndex).ToList();
        var clipRows = clips.Select(c => new ClipRow { ClipId = c.ClipId, Split = "test", SplitIndex = c.SplitIndex }).ToList();
        if (options.TaskMapClips > 0)
        {
            clipRows = [.. clipRows.Take(options.TaskMapClips)];
        }

        var directory = Path.Combine(context.Output("report").FilesDirectory, "maps");
        Directory.CreateDirectory(directory);
        var done = 0;
        foreach (var (subject, file) in subjects)
        {
            var mask = masks.FirstOrDefault(m => m.Subject == subject)
                ?? throw new InvalidDataException($"fmri_masks: no row for subject {subject}, whose stage-2 model {file} the task maps need");
            var values = SubjectTaskMaps.Attribute(
                training.File(file), subject, fmri[subject], clipRows, text, names.Count, width, options.Seed, options.MaxCaptionTokens, options.LatentSide,
                () => context.Progress.Report(Math.Min(0.5, 0.5 * ++done / Math.Max(1, clipRows.Count * subjects.Count))));
            var (scalarModels, rows) = SubjectTaskMaps.Restrict(RunModels(context, mask), mask);
            var data = SubjectTaskMaps.OnRows(values, mask, rows);

            var name = string.Create(CultureInfo.InvariantCulture, $"subject{subject}_task_maps");
            CiftiWriter.WriteDenseScalar(Path.Combine(directory, name + ".dscalar.nii"), scalarModels, TaskNames.All, data);
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".csv"), SubjectTaskMaps.Csv(mask, values), cancellationToken).ConfigureAwait(false);
            maps.Add(new TaskMapSummary(subject, TaskNames.All, SubjectTaskMaps.Correlations(values), $"maps/{name}.dscalar.nii", Estimator)
            {
                Table = $"maps/{name}.csv",
                Clips = clipRows.Count,
                Vertices = rows.Count,
                Kept = mask.VertexIndices.Count,
            });
            plots.Add(new ReportPlot
            {
                File = string.Create(CultureInfo.InvariantCulture, $"task-maps-s{subject}.png"),
                Title = string.Create(CultureInfo.InvariantCulture, $"task maps, subject {subject}: mean |gradient × input| per kept vertex (max 1)"),
                XLabel = "kept vertex (grayordinate order)",
                YLabel = "contribution / max",
                Subject = subject,
                Section = "task-maps",
                Series = [.. TaskNames.All.Select((n, t) => new PlotSeries(n, [.. Enumerable.Range(0, values[t].Length).Select(i => (double)i)], SubjectTaskMaps.Normalised(values[t])))],
            });
        }

        return (maps, plots);
    }

    /// <summary>The brain models of the subject's first training run (the runs the mask was computed on).</summary>
    private static IReadOnlyList<CiftiBrainModel> RunModels(StageContext context, FmriMaskRow mask)
    {
        var segment = mask.Segments.FirstOrDefault() ?? throw new InvalidDataException($"fmri_masks: subject {mask.Subject} lists no segments");
        return CiftiReader.ReadHeader(Cc2017Layout.CiftiPath(context.DatasetRoot, mask.Subject, segment, 1)).Models;
    }
}
