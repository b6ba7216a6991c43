using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Fmri;

/// <summary>
/// The <c>fmri</c> stage: for one segment, reads every subject's runs one at a time, preprocesses the
/// mask's vertices over the window paired with the segment's clips, and writes one <c>fmri</c> row per
/// clip × subject × repeat (test repeats kept, not averaged). The sidecar lists V and the vertex indices.
/// </summary>
public sealed class FmriStage : IStage
{
    /// <inheritdoc/>
    public string Name => "fmri";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<FmriOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<FmriOptions>();

        HashSet<FmriRunId> dropped;
        try
        {
            dropped = options.DropRuns.Select(FmriRunId.Parse).ToHashSet();
        }
        catch (FormatException ex)
        {
            throw new ConfigException("stages/fmri/stage.yaml", "stages.fmri.drop_runs", ex.Message);
        }

        var clips = await ParquetRows.ReadAsync<FmriClipKey>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false);
        var masks = (await ParquetRows.ReadAsync<FmriMaskRow>(context.SingleInput("fmri_masks").Path, cancellationToken).ConfigureAwait(false))
            .OrderBy(m => m.Subject)
            .ToList();
        var segment = context.Shard.Name;
        var runs = masks.Sum(m => FmriSegmentBuilder.RepeatsToRead(context.DatasetRoot, m.Subject, segment, dropped).Count);
        var reports = new List<FmriRunReport>();
        var rows = FmriSegmentBuilder.Rows(
            context.DatasetRoot,
            segment,
            clips.ToList(),
            masks,
            options.LagTrs,
            dropped,
            options.NonFinite == "drop",
            report =>
            {
                reports.Add(report);
                context.Progress.Report((double)reports.Count / runs);
            },
            cancellationToken);

        var output = context.Output("fmri");
        output.Rows = await Task.Run(
            async () => await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, Math.Max(1, clips.Count), FmriRow.Metadata(masks.Select(m => (m.Subject, (IReadOnlyList<int>)m.VertexIndices)))).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        output.Metadata["lag_trs"] = options.LagTrs;
        output.Metadata["clips"] = clips.Count;
        output.Metadata["subjects"] = new JsonArray(masks.Select(m => (JsonNode)SubjectMetadata(m, reports)).ToArray());
        output.Metadata["dropped_runs"] = new JsonArray(dropped.Where(d => d.Segment == segment).Select(d => (JsonNode)d.ToString()).ToArray());
    }

    private static JsonObject SubjectMetadata(FmriMaskRow mask, List<FmriRunReport> reports)
    {
        var mine = reports.Where(r => r.Run.Subject == mask.Subject).ToList();
        return new JsonObject
        {
            ["subject"] = mask.Subject,
            ["v"] = mask.V,
            ["vertex_indices"] = new JsonArray(mask.VertexIndices.Select(i => (JsonNode)i).ToArray()),
            ["repeats"] = new JsonArray(mine.Select(r => (JsonNode)r.Run.Repeat).ToArray()),
            ["volumes"] = new JsonArray(mine.Select(r => (JsonNode)r.Volumes).ToArray()),
            ["window_start"] = new JsonArray(mine.Select(r => (JsonNode)r.WindowStart).ToArray()),
            ["constant_vertices"] = mine.Sum(r => r.ConstantVertices),
            ["non_finite_vertices"] = mine.Sum(r => r.NonFiniteVertices),
            ["mask"] = string.Create(CultureInfo.InvariantCulture, $"{mask.Sidedness} p<{mask.PVertex:G4} df={mask.Df}"),
        };
    }
}
