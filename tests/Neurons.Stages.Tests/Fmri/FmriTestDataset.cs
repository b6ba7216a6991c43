using Neurons.Data.Cifti;
using Neurons.Data.Tables;

namespace Neurons.Stages.Tests.Fmri;

/// <summary>
/// A tiny cc2017-shaped dataset: subject1 with 30 cortical grayordinates (20 left, 10 right), training
/// segments seg1..seg3 (245 volumes, repeats 1–2) and test1 (245 volumes, repeats 1–10), 24 clips per segment.
/// Grayordinates in <see cref="Reproducible"/> carry the same signal in every repeat of a segment (plus noise
/// 1e-5 of it: with 3 segments the t-test has df = 2, and Bonferroni over 30 vertices needs t ≳ 24, so the
/// repeats must agree to r ≈ 1 − 1e-10 for the selection to be certain); the others are independent noise. Every series gets an offset and a strong quadratic drift.
/// </summary>
internal sealed class FmriTestDataset : IDisposable
{
    public const int Grayordinates = 30;
    public const int Clips = 24;
    public static readonly int[] Reproducible = [3, 7, 12, 25];

    public FmriTestDataset(int seed = 1)
    {
        Root = Directory.CreateTempSubdirectory("fmri-dataset-").FullName;
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Workspace);
        var rng = new Random(seed);
        foreach (var (segment, repeats) in new[] { ("seg1", 2), ("seg2", 2), ("seg3", 2), ("test1", 10) })
        {
            var signal = new double[Grayordinates, 245];
            for (var g = 0; g < Grayordinates; g++)
            {
                for (var t = 0; t < 245; t++)
                {
                    signal[g, t] = Gaussian(rng);
                }
            }

            for (var r = 1; r <= repeats; r++)
            {
                var data = new float[Grayordinates * 245];
                for (var g = 0; g < Grayordinates; g++)
                {
                    var reproducible = Reproducible.Contains(g);
                    for (var t = 0; t < 245; t++)
                    {
                        var value = reproducible ? signal[g, t] + (1e-5 * Gaussian(rng)) : Gaussian(rng);
                        data[(g * 245) + t] = (float)(100 + g + (0.05 * t) - (2e-4 * t * t) + value);
                    }
                }

                Write(RunPath(segment, r), data, 245);
            }
        }
    }

    public string Root { get; }

    public string Workspace { get; }

    public static IReadOnlyList<CiftiBrainModel> Models =>
    [
        new("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 20, 100, Enumerable.Range(0, 20).Select(i => i * 5).ToArray()),
        new("CIFTI_STRUCTURE_CORTEX_RIGHT", 20, 10, 100, Enumerable.Range(0, 10).Select(i => (i * 5) + 1).ToArray()),
    ];

    public string RunPath(string segment, int repeat) =>
        Path.Combine(Root, "subject1", "fmri", segment, "cifti", $"{segment}_{repeat}_Atlas.dtseries.nii");

    public void Write(string path, float[] data, int volumes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        CiftiWriter.Write(path, Models, volumes, data);
    }

    /// <summary>Writes a <c>clips</c> shard of the segment (real <see cref="ClipRow"/>s with small frames) and returns its path.</summary>
    public async Task<string> WriteClipsAsync(string segment, string split, int splitOffset)
    {
        var path = Path.Combine(Workspace, "clips", segment + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rows = Enumerable.Range(0, Clips).Select(i => new ClipRow
        {
            ClipId = $"{segment}_{i:000}",
            Split = split,
            Segment = segment,
            TrIndex = i,
            SplitIndex = splitOffset + i,
            StartSeconds = 2 * i,
            SourceFrames = [0, 10, 20, 30, 40, 50],
            Width = 2,
            Height = 2,
            Frames = TableImages.FromRgbFrames(new byte[6 * 2 * 2 * 3], 2, 2),
        });
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
