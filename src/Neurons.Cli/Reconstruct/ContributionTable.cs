using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Cifti;
using Neurons.Data.Tables;
using Neurons.Model.Attribution;

namespace Neurons.Cli.Reconstruct;

/// <summary>
/// The per-sample voxel contributions of each sub-task (<see cref="TaskAttribution"/>: x_v · ∂s/∂x_v, the estimator of
/// the report's task maps, signed here since it is one sample) and their top vertices, located by the subject's mask:
/// grayordinate, CIFTI structure and surface vertex.
/// </summary>
internal static class ContributionTable
{
    /// <summary>The number of top vertices listed per task.</summary>
    public const int Top = 10;

    /// <summary>Returns, per task, its name, scalar and the <see cref="Top"/> vertices of largest |contribution|.</summary>
    public static JsonArray Of(TaskContributions contributions, FmriMaskRow mask)
    {
        var structures = Structures(mask.Models);
        var result = new JsonArray();
        for (var t = 0; t < TaskAttribution.Tasks.Count; t++)
        {
            var values = contributions.Values[t];
            var top = new JsonArray();
            foreach (var v in Enumerable.Range(0, values.Length).OrderByDescending(v => Math.Abs(values[v])).ThenBy(v => v).Take(Top))
            {
                var grayordinate = mask.VertexIndices[v];
                top.Add(new JsonObject
                {
                    ["voxel"] = v,
                    ["grayordinate"] = grayordinate,
                    ["structure"] = structures.FirstOrDefault(s => grayordinate >= s.Offset && grayordinate < s.Offset + s.Count).Name ?? string.Empty,
                    ["surface_vertex"] = v < mask.SurfaceVertices.Count ? mask.SurfaceVertices[v] : null,
                    ["value"] = (double)values[v],
                });
            }

            result.Add(new JsonObject
            {
                ["task"] = TaskNames.Of(TaskAttribution.Tasks[t]),
                ["scalar"] = contributions.Scalars[t],
                ["top"] = top,
            });
        }

        return result;
    }

    /// <summary>
    /// Writes each task's contributions as a dense scalar CIFTI (<c>&lt;prefix&gt;_contributions_&lt;task&gt;.dscalar.nii</c>, one
    /// map named after the task, zero outside the mask) over <paramref name="models"/>, and names the file in its table entry.
    /// </summary>
    public static void WriteMaps(OutputFolder folder, string prefix, TaskContributions contributions, FmriMaskRow mask, IReadOnlyList<CiftiBrainModel> models, JsonArray tables)
    {
        var grayordinates = models.Sum(m => m.IndexCount);
        for (var t = 0; t < TaskAttribution.Tasks.Count; t++)
        {
            var task = TaskNames.Of(TaskAttribution.Tasks[t]);
            var name = $"{prefix}_contributions_{task}.dscalar.nii";
            var data = new float[grayordinates];
            var values = contributions.Values[t];
            for (var v = 0; v < values.Length; v++)
            {
                data[mask.VertexIndices[v]] = values[v];
            }

            CiftiWriter.WriteDenseScalar(folder.Stage(name), models, [task], data);
            tables[t]!["file"] = name;
        }
    }

    // The mask's layout, "STRUCTURE@offset+count;..." (FmriMaskBuilder.Describe).
    private static List<(string Name, int Offset, int Count)> Structures(string models) =>
        [.. models.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(m =>
        {
            var at = m.LastIndexOf('@');
            var plus = m.LastIndexOf('+');
            return at > 0 && plus > at
                && int.TryParse(m.AsSpan(at + 1, plus - at - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
                && int.TryParse(m.AsSpan(plus + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                ? (m[..at], offset, count)
                : (m, -1, 0);
        })];
}
