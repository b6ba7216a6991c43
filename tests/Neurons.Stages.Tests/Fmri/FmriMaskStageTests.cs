using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Stages.FmriMask;

namespace Neurons.Stages.Tests.Fmri;

public sealed class FmriMaskStageTests : IDisposable
{
    private readonly FmriTestDataset dataset = new();

    public void Dispose() => dataset.Dispose();

    [Fact]
    public async Task Run_WithThreeTrainingSegments_SelectsExactlyTheReproducibleVertices()
    {
        // Given three training segments (df = 2) and one test segment, 24 clips each
        var context = await MaskContextAsync(FmriStageHarness.MaskDefaults());

        // When the mask stage runs
        await new FmriMaskStage().RunAsync(context, CancellationToken.None);

        // Then subject 1's mask holds exactly the grayordinates the generator made reproducible
        var output = context.Output("fmri_masks");
        var rows = await ParquetRows.ReadAsync<FmriMaskRow>(output.Path, CancellationToken.None);
        var mask = Assert.Single(rows);
        Assert.Equal(1, mask.Subject);
        Assert.Equal(FmriTestDataset.Reproducible, mask.VertexIndices);
        Assert.Equal(4, mask.V);
        Assert.Equal(30, mask.Tested);
        Assert.Equal(2, mask.Df);
        Assert.Equal(["seg1", "seg2", "seg3"], mask.Segments);
        Assert.Equal(0.05 / 30, mask.PVertex, 12);
        Assert.Equal([15, 35, 60, 26], mask.SurfaceVertices);
        Assert.Equal(1, output.Rows);
        Assert.Equal(4, output.Metadata["subjects"]!["1"]!["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_WhenOnlyLeftCortexIsTested_SelectsOnlyItsVertices()
    {
        // Given structures = left cortex only
        var parameters = FmriStageHarness.MaskDefaults();
        parameters["structures"] = new List<object> { "CIFTI_STRUCTURE_CORTEX_LEFT" };
        var context = await MaskContextAsync(parameters);

        // When the mask stage runs
        await new FmriMaskStage().RunAsync(context, CancellationToken.None);

        // Then 20 vertices are tested and the right-hemisphere vertex 25 is not among the selected
        var mask = Assert.Single(await ParquetRows.ReadAsync<FmriMaskRow>(context.Output("fmri_masks").Path, CancellationToken.None));
        Assert.Equal(20, mask.Tested);
        Assert.Equal([3, 7, 12], mask.VertexIndices);
    }

    [Fact]
    public async Task Run_WhenARunHasAnUnexpectedLength_FailsNamingTheFile()
    {
        // Given seg2 repeat 2 with 100 volumes
        var path = dataset.RunPath("seg2", 2);
        dataset.Write(path, new float[FmriTestDataset.Grayordinates * 100], 100);
        var context = await MaskContextAsync(FmriStageHarness.MaskDefaults());

        // When the mask stage runs
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new FmriMaskStage().RunAsync(context, CancellationToken.None));

        // Then the one-line error names the file and the count
        Assert.Equal($"{path}: 100 volumes, expected 245 or 246 (cc2017 trimming rule)", ex.Message);
    }

    [Fact]
    public void ResolveSubjects_AcceptsNumbersAndFolderNames()
    {
        // Given "2" and "subject1" / When / Then
        Assert.Equal([1, 2], FmriMaskStage.ResolveSubjects(dataset.Root, ["2", "subject1"]));
        Assert.Equal([1], FmriMaskStage.ResolveSubjects(dataset.Root, []));
    }

    private async Task<StageContext> MaskContextAsync(Dictionary<string, object> parameters)
    {
        var clips = new List<InputShard>();
        var offset = 0;
        foreach (var shard in FmriStageHarness.Shards)
        {
            var path = await dataset.WriteClipsAsync(shard.Name, shard.Split, shard.Split == "train" ? offset : 0);
            offset += shard.Split == "train" ? FmriTestDataset.Clips : 0;
            clips.Add(FmriStageHarness.Input("clips", shard, path, FmriTestDataset.Clips));
        }

        return FmriStageHarness.Context("fmri_mask", Shard.All, dataset, parameters, new Dictionary<string, IReadOnlyList<InputShard>> { ["clips"] = clips }, "fmri_masks");
    }
}
