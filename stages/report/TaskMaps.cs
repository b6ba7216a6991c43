using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Neurons.Data.Cc2017;
using Neurons.Data.Cifti;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Report;
using Neurons.Model.Attribution;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Inference;
using Neurons.Stages.Decode;
using Neurons.Stages.Train;
using static TorchSharp.torch;

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
        var fmri = await TrainStage.ReadFmriAsync([.. context.Input("fmri").Where(s => s.Shard.Split == "test")], [.. subjects.Select(s => s.Subject)], cancellationToken).ConfigureAwait(false);
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
            var values = Attribute(training.File(file), subject, fmri[subject], clipRows, names.Count, text, width, options, ref done, subjects.Count, context.Progress);
            var runModels = RunModels(context, mask);
            var (scalarModels, rows) = Restrict(runModels, mask);
            var data = new float[rows.Count * TaskNames.All.Count];
            var kept = mask.VertexIndices.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i);
            for (var r = 0; r < rows.Count; r++)
            {
                if (kept.TryGetValue(rows[r], out var voxel))
                {
                    for (var t = 0; t < values.Count; t++)
                    {
                        data[(r * values.Count) + t] = (float)values[t][voxel];
                    }
                }
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"subject{subject}_task_maps");
            CiftiWriter.WriteDenseScalar(Path.Combine(directory, name + ".dscalar.nii"), scalarModels, TaskNames.All, data);
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".csv"), Csv(mask, values), cancellationToken).ConfigureAwait(false);
            maps.Add(new TaskMapSummary(subject, TaskNames.All, Correlations(values), $"maps/{name}.dscalar.nii", Estimator)
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
                Series = [.. TaskNames.All.Select((n, t) => new PlotSeries(n, [.. Enumerable.Range(0, values[t].Length).Select(i => (double)i)], Normalised(values[t])))],
            });
        }

        return (maps, plots);
    }

    private static IReadOnlyList<double[]> Attribute(string modelPath, int subject, SubjectFmri fmri, List<ClipRow> clips, int concepts, float[] text, int width, ReportOptions options, ref int done, int subjects, IProgress<double> progress)
    {
        using var random = new RandomSource(options.Seed);
        using var model = NeuronsDecoupledModel.Load(modelPath, random);
        using var conceptTensor = tensor(text, [concepts, width]);
        // CLIP BPE ids end with EOT 49407 (DecoupledModelConfig.CaptionTokenizer); GPT-2 ids with <|endoftext|>.
        var stopId = model.Config.CaptionTokenizer == CaptionTokenizerKind.Gpt2 ? Gpt2CaptionTokenizer.EndOfText : 49407L;
        var attribution = new TaskAttribution(model, conceptTensor, new DecodeSettings { StopId = stopId, MaxCaptionTokens = options.MaxCaptionTokens, LatentSide = options.LatentSide }, CPU);
        var voxels = DecodeStage.SubjectVoxels(fmri, clips, subject, modelPath);
        var accumulator = new TaskMapAccumulator(fmri.Voxels);
        foreach (var (clip, sample) in clips.Zip(voxels))
        {
            accumulator.Add(attribution.Attribute(sample.Voxels, 0, ClipSeed.Of(options.Seed, subject, clip.ClipId)));
            progress.Report(Math.Min(0.5, 0.5 * ++done / Math.Max(1, clips.Count * subjects)));
        }

        return accumulator.Maps();
    }

    /// <summary>The brain models of the subject's first training run (the runs the mask was computed on).</summary>
    private static IReadOnlyList<CiftiBrainModel> RunModels(StageContext context, FmriMaskRow mask)
    {
        var segment = mask.Segments.FirstOrDefault() ?? throw new InvalidDataException($"fmri_masks: subject {mask.Subject} lists no segments");
        return CiftiReader.ReadHeader(Cc2017Layout.CiftiPath(context.DatasetRoot, mask.Subject, segment, 1)).Models;
    }

    /// <summary>The surface models only (a dense scalar here covers cortex), renumbered from 0, and their grayordinate rows in the runs.</summary>
    private static (List<CiftiBrainModel> Models, List<int> Rows) Restrict(IReadOnlyList<CiftiBrainModel> models, FmriMaskRow mask)
    {
        var result = new List<CiftiBrainModel>();
        var rows = new List<int>();
        foreach (var m in models.Where(m => m.SurfaceVertexCount > 0 && m.VertexIndices.Count == m.IndexCount))
        {
            result.Add(m with { IndexOffset = rows.Count });
            rows.AddRange(Enumerable.Range(m.IndexOffset, m.IndexCount));
        }

        if (mask.VertexIndices.Any(g => !rows.Contains(g)))
        {
            throw new InvalidDataException($"fmri_masks: subject {mask.Subject} keeps grayordinates outside the cortical surface models of its runs");
        }

        return (result, rows);
    }

    private static string Csv(FmriMaskRow mask, IReadOnlyList<double[]> values)
    {
        var csv = new StringBuilder("grayordinate,surface_vertex,").AppendJoin(',', TaskNames.All).Append('\n');
        for (var i = 0; i < mask.VertexIndices.Count; i++)
        {
            csv.Append(mask.VertexIndices[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(i < mask.SurfaceVertices.Count ? mask.SurfaceVertices[i].ToString(CultureInfo.InvariantCulture) : string.Empty);
            foreach (var map in values)
            {
                csv.Append(',').Append(map[i].ToString("G6", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static List<IReadOnlyList<double>> Correlations(IReadOnlyList<double[]> values) =>
        [.. values.Select(a => (IReadOnlyList<double>)[.. values.Select(b => Pearson(a, b))])];

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    private static double[] Normalised(double[] values)
    {
        var max = values.Length == 0 ? 0 : values.Max();
        return [.. values.Select(v => max > 0 ? v / max : 0)];
    }
}
