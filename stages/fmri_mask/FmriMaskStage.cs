using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.FmriMask;

/// <summary>
/// The <c>fmri_mask</c> stage (global): for every subject, preprocesses both repeats of every training
/// segment over the clip window, tests each cortical vertex's repeat-to-repeat reproducibility across segments
/// and writes one <c>fmri_masks</c> row per subject (selected vertex indices, V, statistics).
/// </summary>
public sealed class FmriMaskStage : IStage
{
    /// <inheritdoc/>
    public string Name => "fmri_mask";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<FmriMaskOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<FmriMaskOptions>();

        var subjects = ResolveSubjects(context.DatasetRoot, options.Subjects);
        var segments = new List<(string Segment, int Clips)>();
        foreach (var input in context.Input("clips").Where(i => i.Shard.Split == "train").OrderBy(i => ShardOrder(context, i.Shard)))
        {
            segments.Add((input.Shard.Name, checked((int)input.Rows)));
        }

        var sidedness = FmriMaskBuilder.ParseSidedness(options.Sidedness);
        var rows = new List<FmriMaskRow>();
        var summary = new JsonObject();
        for (var k = 0; k < subjects.Count; k++)
        {
            var offset = k;
            var progress = new Progress<double>(p => context.Progress.Report((offset + p) / subjects.Count));
            var row = await Task.Run(
                () => FmriMaskBuilder.Build(context.DatasetRoot, subjects[k], segments, options.Structures, options.PThreshold, sidedness, options.Correction == "bonferroni", progress, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (row.V == 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"subject{row.Subject}: no vertex passed p < {row.PVertex:G3} ({options.Correction}, {options.Sidedness}, df = {row.Df}, {row.Tested} tested; largest |t| = {row.T.Max(Math.Abs):G4}); with few training segments set stages.fmri_mask.correction: none or a larger p_threshold"));
            }

            rows.Add(row);
            summary[row.Subject.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["v"] = row.V,
                ["tested"] = row.Tested,
                ["df"] = row.Df,
                ["p_vertex"] = row.PVertex,
            };
        }

        var output = context.Output("fmri_masks");
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["subjects"] = summary;
        output.Metadata["segments"] = new JsonArray(segments.Select(s => (JsonNode)s.Segment).ToArray());
    }

    /// <summary>Returns the subjects to prepare: the listed ones (1 or subject1), or every subject folder.</summary>
    internal static IReadOnlyList<int> ResolveSubjects(string root, IReadOnlyList<string> listed)
    {
        if (listed.Count == 0)
        {
            var found = Cc2017FmriLayout.DiscoverSubjects(root);
            return found.Count > 0
                ? found
                : throw new InvalidDataException($"{root}: no subject<N>/fmri folder");
        }

        return listed.Select(s =>
        {
            var digits = s.StartsWith("subject", StringComparison.Ordinal) ? s["subject".Length..] : s;
            return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ConfigException("stages/fmri_mask/stage.yaml", "stages.fmri_mask.subjects", $"'{s}' is not a subject number");
        }).Distinct().Order().ToList();
    }

    private static int ShardOrder(StageContext context, Shard shard)
    {
        for (var i = 0; i < context.AllShards.Count; i++)
        {
            if (context.AllShards[i].Name == shard.Name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
