using Neurons.Data.Cifti;
using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class RunPreprocessorTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fmri-prep-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Preprocess_TrimmedWindow_MatchesTheDoublePrecisionReferenceTo1e5()
    {
        // Given a 245-volume run of 6 grayordinates with large offsets, trends and noise
        var rng = new Random(3);
        const int T = 245;
        var data = new float[6 * T];
        for (var g = 0; g < 6; g++)
        {
            for (var t = 0; t < T; t++)
            {
                data[(g * T) + t] = (float)(1000 + (100 * g) + (0.8 * t) - (0.002 * t * t) + (rng.NextDouble() * 20));
            }
        }

        var path = Path.Combine(dir, "seg1_1_Atlas.dtseries.nii");
        IReadOnlyList<CiftiBrainModel> models =
        [
            new("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 4, 50, [0, 1, 2, 3]),
            new("CIFTI_STRUCTURE_CORTEX_RIGHT", 4, 2, 50, [7, 8]),
        ];
        CiftiWriter.Write(path, models, T, data);

        // When rows 1, 3, 4 are preprocessed over the authors' window (raw volumes 1..240)
        using var reader = CiftiReader.Open(path);
        var (start, length) = VolumeWindow.For(path, T, 240, 0);
        var run = RunPreprocessor.Preprocess(reader, [1, 3, 4], start, length, CancellationToken.None);

        // Then each row equals the reference detrend + N−1 z-score of its trimmed series to 1e-5
        Assert.Equal(240, run.Length);
        Assert.Equal(0, run.ConstantRows);
        int[] rows = [1, 3, 4];
        for (var r = 0; r < 3; r++)
        {
            var raw = data.AsSpan((rows[r] * T) + 1, 240).ToArray().Select(v => (double)v).ToList();
            var expected = ReferencePreprocessing.DetrendAndZScore(raw);
            var actual = run.Row(r);
            for (var t = 0; t < 240; t++)
            {
                Assert.Equal(expected[t], actual[t], 1e-5);
            }
        }
    }

    [Fact]
    public void Preprocess_WhenARowIsConstant_WritesZerosAndCountsIt()
    {
        // Given a 246-volume run whose second grayordinate is constant 1234
        const int T = 246;
        var rng = new Random(5);
        var data = Enumerable.Range(0, 2 * T).Select(k => k / T == 1 ? 1234f : (float)rng.NextDouble()).ToArray();
        var path = Path.Combine(dir, "test2_1_Atlas.dtseries.nii");
        CiftiWriter.Write(path, [new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 2, 2, [0, 1])], T, data);

        // When preprocessed
        using var reader = CiftiReader.Open(path);
        var run = RunPreprocessor.Preprocess(reader, [0, 1], 2, 240, CancellationToken.None);

        // Then the constant row is zeros (no amplified rounding noise) and is counted
        Assert.Equal(1, run.ConstantRows);
        Assert.All(run.Row(1).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Preprocess_WhenSamplesAreNotFinite_RefusesWithOneLineNamingFileVerticesAndVolume()
    {
        // Given a 246-volume run of 4 grayordinates where grayordinate 2 holds NaN at volume 9 and 3 holds +inf at volume 100
        const int T = 246;
        var rng = new Random(7);
        var data = Enumerable.Range(0, 4 * T).Select(_ => (float)rng.NextDouble()).ToArray();
        data[(2 * T) + 9] = float.NaN;
        data[(3 * T) + 100] = float.PositiveInfinity;
        var path = Path.Combine(dir, "test3_1_Atlas.dtseries.nii");
        CiftiWriter.Write(path, [new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 4, 4, [0, 1, 2, 3])], T, data);
        using var reader = CiftiReader.Open(path);

        // When preprocessed over volumes 2..241 without dropping
        var error = Assert.Throws<InvalidDataException>(() => RunPreprocessor.Preprocess(reader, [0, 1, 2, 3], 2, 240, CancellationToken.None));

        // Then one line names the file, the two vertices and the first bad volume
        Assert.Equal($"{path}: 2 vertices hold NaN or infinite samples (first: grayordinate 2 at volume 9, value NaN); fix the file or set stages.fmri.non_finite: drop to zero those vertices", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Preprocess_WhenDroppingNonFiniteSamples_ZeroesAndCountsThoseVerticesOnly()
    {
        // Given the same kind of run with a NaN in grayordinate 1
        const int T = 246;
        var rng = new Random(8);
        var data = Enumerable.Range(0, 3 * T).Select(_ => (float)rng.NextDouble()).ToArray();
        data[T + 50] = float.NaN;
        var path = Path.Combine(dir, "test4_1_Atlas.dtseries.nii");
        CiftiWriter.Write(path, [new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 3, 3, [0, 1, 2])], T, data);
        using var reader = CiftiReader.Open(path);

        // When preprocessed with dropping
        var run = RunPreprocessor.Preprocess(reader, [0, 1, 2], 2, 240, dropNonFinite: true, CancellationToken.None);

        // Then vertex 1 is zeros and counted; the others are z-scored (unit N-1 variance)
        Assert.Equal(1, run.NonFiniteRows);
        Assert.All(run.Row(1).ToArray(), v => Assert.Equal(0f, v));
        foreach (var r in new[] { 0, 2 })
        {
            var row = run.Row(r).ToArray();
            var mean = row.Average(v => (double)v);
            Assert.Equal(1.0, row.Sum(v => (v - mean) * (v - mean)) / (row.Length - 1), 1e-4);
        }
    }

    [Fact]
    public void RowsOf_CortexStructures_ReturnsTheirGrayordinatesAscending()
    {
        // Given left, right cortex and a subcortical voxel model
        var path = Path.Combine(dir, "vox.nii");
        new Cifti.CiftiTestFile { ModelCounts = [3, 2, 4] }.Write(path, k => k);
        var header = CiftiReader.ReadHeader(path);

        // When the cortical rows are asked for
        var rows = RunPreprocessor.RowsOf(header, ["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"]);

        // Then the first 5 rows are returned; an absent structure fails naming it
        Assert.Equal([0, 1, 2, 3, 4], rows);
        var ex = Assert.Throws<InvalidDataException>(() => RunPreprocessor.RowsOf(header, ["CIFTI_STRUCTURE_CEREBELLUM"]));
        Assert.Contains("CIFTI_STRUCTURE_CEREBELLUM", ex.Message, StringComparison.Ordinal);
    }
}
