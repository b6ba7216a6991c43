using Neurons.Data.Cifti;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using FmriStageImpl = Neurons.Stages.Fmri.FmriStage;

namespace Neurons.Stages.Tests.Fmri;

public sealed class FmriStageTests : IDisposable
{
    private readonly FmriTestDataset dataset = new();

    public void Dispose() => dataset.Dispose();

    [Fact]
    public async Task Run_TrainSegment_WritesOneRowPerClipAndRepeatMatchingTheReference()
    {
        // Given seg1 (2 repeats, 245 volumes, 24 clips) and a mask of grayordinates 3, 7, 12, 25
        var context = await ContextAsync(new Shard("seg1", "train"), FmriStageHarness.FmriDefaults());

        // When the fmri stage runs
        await new FmriStageImpl().RunAsync(context, CancellationToken.None);

        // Then 24 × 2 rows come subject, repeat, TR-ordered with V = 4 values each ...
        var output = context.Output("fmri");
        var rows = await ParquetRows.ReadAsync<FmriRow>(output.Path, CancellationToken.None);
        Assert.Equal(48, rows.Count);
        Assert.Equal(48, output.Rows);
        Assert.Equal(Enumerable.Repeat(1, 24).Concat(Enumerable.Repeat(2, 24)), rows.Select(r => r.Repeat));
        Assert.Equal("seg1_005", rows[29].ClipId);
        Assert.Equal(5, rows[29].TrIndex);
        Assert.Equal(1 + 5, rows[29].Volume);
        Assert.All(rows, r => Assert.Equal(4, r.Voxels.Count));

        // ... whose values equal a plain double-precision trim + detrend + N−1 z-score of the raw series to 1e-5
        for (var repeat = 1; repeat <= 2; repeat++)
        {
            for (var v = 0; v < 4; v++)
            {
                var raw = FmriReference.RawSeries(dataset.RunPath("seg1", repeat), FmriTestDataset.Reproducible[v], 1, 24);
                var expected = FmriReference.Preprocess(raw);
                for (var t = 0; t < 24; t++)
                {
                    Assert.Equal(expected[t], rows[((repeat - 1) * 24) + t].Voxels[v], 1e-5);
                }
            }
        }

        // ... and the sidecar lists V and the vertex indices
        var subject = output.Metadata["subjects"]![0]!;
        Assert.Equal(4, subject["v"]!.GetValue<int>());
        Assert.Equal(FmriTestDataset.Reproducible, subject["vertex_indices"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([1, 2], subject["repeats"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(0, output.Metadata["lag_trs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_TestSegmentWithADroppedRun_KeepsTheOtherNineRepeatsUnaveraged()
    {
        // Given test1 with 10 repeats and drop_runs subject1/test1/9
        var parameters = FmriStageHarness.FmriDefaults();
        parameters["drop_runs"] = new List<object> { "subject1/test1/9" };
        var context = await ContextAsync(new Shard("test1", "test"), parameters);

        // When the fmri stage runs
        await new FmriStageImpl().RunAsync(context, CancellationToken.None);

        // Then rows exist for repeats 1..8 and 10, 24 each, and the sidecar names the dropped run
        var rows = await ParquetRows.ReadAsync<FmriRow>(context.Output("fmri").Path, CancellationToken.None);
        Assert.Equal(9 * 24, rows.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10], rows.Select(r => r.Repeat).Distinct());
        Assert.All(rows, r => Assert.Equal("test", r.Split));
        Assert.Equal("subject1/test1/9", context.Output("fmri").Metadata["dropped_runs"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WithLag_PairsClipIWithTrimmedVolumeIPlusLag()
    {
        // Given lag_trs = 2
        var parameters = FmriStageHarness.FmriDefaults();
        parameters["lag_trs"] = 2L;
        var context = await ContextAsync(new Shard("seg2", "train"), parameters);

        // When the fmri stage runs
        await new FmriStageImpl().RunAsync(context, CancellationToken.None);

        // Then clip 0 comes from raw volume 3 and the window [3, 27) is what was preprocessed
        var rows = await ParquetRows.ReadAsync<FmriRow>(context.Output("fmri").Path, CancellationToken.None);
        Assert.Equal(3, rows[0].Volume);
        var expected = FmriReference.Preprocess(FmriReference.RawSeries(dataset.RunPath("seg2", 1), 7, 3, 24));
        Assert.Equal(expected[10], rows[10].Voxels[1], 1e-5);
    }

    [Fact]
    public async Task Run_WhenARepeatIsMissingAndNotDropped_FailsNamingTheFile()
    {
        // Given test1 repeat 4 deleted
        File.Delete(dataset.RunPath("test1", 4));
        var context = await ContextAsync(new Shard("test1", "test"), FmriStageHarness.FmriDefaults());

        // When the fmri stage runs
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new FmriStageImpl().RunAsync(context, CancellationToken.None));

        // Then the error names the missing file and how to go on without it
        Assert.StartsWith(dataset.RunPath("test1", 4) + ": missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("subject1/test1/4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenARunIsTruncated_FailsWithTheReadersOneLineError()
    {
        // Given seg1 repeat 2 cut short by 100 bytes
        var path = dataset.RunPath("seg1", 2);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^100]);
        var context = await ContextAsync(new Shard("seg1", "train"), FmriStageHarness.FmriDefaults());

        // When the fmri stage runs
        var ex = await Assert.ThrowsAsync<CiftiFormatException>(() => new FmriStageImpl().RunAsync(context, CancellationToken.None));

        // Then the message names the file and says it is truncated
        Assert.StartsWith(path + ": truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenDropRunsIsMalformed_FailsAsAConfigurationError()
    {
        // Given drop_runs entry "test1-9"
        var parameters = FmriStageHarness.FmriDefaults();
        parameters["drop_runs"] = new List<object> { "test1-9" };
        var context = await ContextAsync(new Shard("test1", "test"), parameters);

        // When / Then
        var ex = await Assert.ThrowsAsync<Neurons.Engine.Config.ConfigException>(() => new FmriStageImpl().RunAsync(context, CancellationToken.None));
        Assert.Contains("test1-9", ex.Message, StringComparison.Ordinal);
    }

    private async Task<StageContext> ContextAsync(Shard shard, Dictionary<string, object> parameters)
    {
        var clips = await dataset.WriteClipsAsync(shard.Name, shard.Split, 0);
        var maskPath = Path.Combine(dataset.Workspace, "fmri_masks", "all.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(maskPath)!);
        var mask = new FmriMaskRow
        {
            Subject = 1,
            Models = FmriMaskBuilder.Describe(FmriTestDataset.Models),
            Grayordinates = 30,
            Tested = 30,
            V = 4,
            VertexIndices = [.. FmriTestDataset.Reproducible],
            SurfaceVertices = [15, 35, 60, 26],
            Sidedness = "two-sided",
            PThreshold = 0.05,
            PVertex = 0.05 / 30,
            Df = 2,
        };
        await ParquetRows.WriteAsync(maskPath, [mask], CancellationToken.None);
        var inputs = new Dictionary<string, IReadOnlyList<InputShard>>
        {
            ["clips"] = [FmriStageHarness.Input("clips", shard, clips, FmriTestDataset.Clips)],
            ["fmri_masks"] = [FmriStageHarness.Input("fmri_masks", Shard.All, maskPath, 1)],
        };
        return FmriStageHarness.Context("fmri", shard, dataset, parameters, inputs, "fmri");
    }
}
