using System.Globalization;
using System.Text;
using Neurons.Data.Cifti;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Inference;
using static TorchSharp.torch;

namespace Neurons.Model.Attribution;

/// <summary>
/// One subject's task maps (docs/report.md, "Task maps"): the <see cref="TaskAttribution"/> of every clip (repeats
/// averaged by <see cref="ClipVoxels"/>, seeded by <see cref="ClipSeed"/> as <c>decode</c> seeds it) averaged by
/// <see cref="TaskMapAccumulator"/>, and their layout on the subject's cortical surface: restricted to the surface
/// brain models, written per grayordinate (0 outside the mask), as a per-vertex CSV, their correlations and
/// max-normalised curves.
/// </summary>
public static class SubjectTaskMaps
{
    /// <summary>Returns, per task (<see cref="TaskNames.All"/>), the mean |gradient × input| per kept voxel over the clips.</summary>
    /// <param name="modelPath">The subject's stage-2 model file.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="fmri">The subject's fMRI rows.</param>
    /// <param name="clips">The clips to attribute (one split).</param>
    /// <param name="conceptText">The concept text embeddings, row-major [concepts, width].</param>
    /// <param name="concepts">The concept count.</param>
    /// <param name="width">The text embedding width.</param>
    /// <param name="seed">The decode seed.</param>
    /// <param name="maxCaptionTokens">The greedy caption's length limit.</param>
    /// <param name="latentSide">The blurry latents' side.</param>
    /// <param name="clipDone">Called after each clip (progress).</param>
    public static IReadOnlyList<double[]> Attribute(
        string modelPath, int subject, SubjectFmri fmri, IReadOnlyList<ClipRow> clips, float[] conceptText, int concepts, int width, int seed, int maxCaptionTokens, int latentSide, Action? clipDone = null)
    {
        ArgumentNullException.ThrowIfNull(fmri);
        ArgumentNullException.ThrowIfNull(clips);
        using var random = new RandomSource(seed);
        using var model = NeuronsDecoupledModel.Load(modelPath, random);
        using var conceptTensor = tensor(conceptText, [concepts, width]);
        // CLIP BPE ids end with EOT 49407 (DecoupledModelConfig.CaptionTokenizer); GPT-2 ids with <|endoftext|>.
        var stopId = model.Config.CaptionTokenizer == CaptionTokenizerKind.Gpt2 ? Gpt2CaptionTokenizer.EndOfText : 49407L;
        var attribution = new TaskAttribution(model, conceptTensor, new DecodeSettings { StopId = stopId, MaxCaptionTokens = maxCaptionTokens, LatentSide = latentSide }, CPU);
        var voxels = ClipVoxels.Averaged(fmri, clips, subject, modelPath);
        var accumulator = new TaskMapAccumulator(fmri.Voxels);
        foreach (var (clip, sample) in clips.Zip(voxels))
        {
            accumulator.Add(attribution.Attribute(sample.Voxels, 0, ClipSeed.Of(seed, subject, clip.ClipId)));
            clipDone?.Invoke();
        }

        return accumulator.Maps();
    }

    /// <summary>The surface models only (a dense scalar here covers cortex), renumbered from 0, and their grayordinate rows in the runs.</summary>
    /// <exception cref="InvalidDataException">The mask keeps grayordinates outside the surface models.</exception>
    public static (List<CiftiBrainModel> Models, List<int> Rows) Restrict(IReadOnlyList<CiftiBrainModel> models, FmriMaskRow mask)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(mask);
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

    /// <summary>Lays the maps out as a dense scalar's data [rows, tasks]: each kept voxel's value at its grayordinate's row, 0 elsewhere.</summary>
    public static float[] OnRows(IReadOnlyList<double[]> values, FmriMaskRow mask, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(rows);
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

        return data;
    }

    /// <summary>The per-vertex CSV: grayordinate, surface vertex, then one column per task (G6).</summary>
    public static string Csv(FmriMaskRow mask, IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(values);
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

    /// <summary>The Pearson correlation of every pair of maps (NaN where a map is constant).</summary>
    public static List<IReadOnlyList<double>> Correlations(IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Select(a => (IReadOnlyList<double>)[.. values.Select(b => Pearson(a, b))])];
    }

    /// <summary>The map divided by its maximum (all 0 when the maximum is not positive).</summary>
    public static double[] Normalised(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var max = values.Length == 0 ? 0 : values.Max();
        return [.. values.Select(v => max > 0 ? v / max : 0)];
    }

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
}
