using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Model.IO;
using Neurons.Model.Training;
using Neurons.Stages.Train;

namespace Neurons.Stages.Tests.Train;

public sealed class TrainStageTests : IDisposable
{
    private readonly TrainWorkspace work = new();

    public TrainStageTests() => TorchSharp.torch.set_num_threads(1);

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Run_TrainsTinyModelAndWritesHistoryAndBestModel()
    {
        // Given fmri and targets shards of one subject and the tiny configuration for 3 epochs
        await work.WriteAsync();
        var context = work.Context(TrainWorkspace.Parameters());

        // When the stage runs
        await new TrainStage().RunAsync(context, CancellationToken.None);

        // Then the training table has one row per epoch with alternating repeat and frame, test averaged over 3 repeats
        var output = context.Output("training");
        var rows = await ParquetRows.ReadAsync<TrainingRow>(output.Path, CancellationToken.None);
        Assert.Equal(3, output.Rows);
        Assert.Equal([0, 1, 2], rows.Select(r => r.Epoch));
        Assert.Equal([3L, 6L, 9L], rows.Select(r => r.Step)); // 48 clips // 16
        Assert.Equal([2, 3, 2], rows.Select(r => r.Frame));
        Assert.All(rows, r => Assert.Equal(("tiny", 1, "bimixco"), (r.Config, r.Subject, r.VisionLoss)));
        Assert.Equal(1.0 / 24, rows[0].ChanceTop1, 10);

        // And the best model is exported under the PyTorch keys, described in the sidecar
        var model = output.Metadata["models"]!["subject1"]!;
        var path = Path.Combine(context.Output("training").FilesDirectory, model["model"]!.GetValue<string>());
        using var reader = new SafeTensorsReader(path);
        Assert.Equal([256L, TrainWorkspace.Voxels], reader.Entries["ridge.linears.0.weight"].Shape);
        Assert.Equal([(long)TrainWorkspace.Width, TrainWorkspace.TextWidth], reader.Entries["clipproj.proj"].Shape);
        Assert.Equal(3, model["test_repeats_averaged"]!.GetValue<int>());
        Assert.Equal(64, model["sha256"]!.GetValue<string>().Length);

        // And the text projection was fitted on the 48 training clips and saved for later stages
        var projection = output.Metadata["text_projection"]!;
        Assert.Equal(("fitted", 48), (projection["source"]!.GetValue<string>(), projection["clips"]!.GetValue<int>()));
        Assert.True(File.Exists(Path.Combine(context.Output("training").FilesDirectory, projection["file"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Run_WithTextProjectionFile_UsesItInsteadOfFitting()
    {
        // Given a projection file of the right shape named by the parameter
        await work.WriteAsync();
        var context = work.Context(TrainWorkspace.Parameters(p => { p["text_projection"] = work.ProjectionPath; p["epochs"] = 3L; }));

        // When the stage runs
        await new TrainStage().RunAsync(context, CancellationToken.None);

        // Then the sidecar names that file as the source
        Assert.Equal(work.ProjectionPath, context.Output("training").Metadata["text_projection"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_Again_ResumesFromItsCheckpointsWithSameHistory()
    {
        // Given a completed run
        await work.WriteAsync();
        var first = work.Context(TrainWorkspace.Parameters());
        await new TrainStage().RunAsync(first, CancellationToken.None);
        var before = await ParquetRows.ReadAsync<TrainingRow>(first.Output("training").Path, CancellationToken.None);

        // When the work item runs again (as after a crash before the engine committed the shard)
        var second = work.Context(TrainWorkspace.Parameters());
        await new TrainStage().RunAsync(second, CancellationToken.None);
        var after = await ParquetRows.ReadAsync<TrainingRow>(second.Output("training").Path, CancellationToken.None);

        // Then the history comes from the last checkpoint unchanged (no epoch retrained)
        Assert.Equal(before.Select(r => (r.Epoch, r.TrainLoss, r.Selection, r.TrainSeconds)), after.Select(r => (r.Epoch, r.TrainLoss, r.Selection, r.TrainSeconds)));
    }

    [Fact]
    public async Task Validation_WithUnknownConfigAndBadTrainerValue_RefusesBothNamingTheirParameters()
    {
        // Given config = huge (the stage's own option) and batch_size = 1 (the trainer's option)
        await work.WriteAsync();
        var parameters = TrainWorkspace.Parameters(p =>
        {
            p["config"] = "huge";
            p["batch_size"] = 1L;
        });

        // When the parameters are checked as a run checks them / Then both errors are reported at once
        var ex = Assert.Throws<ConfigErrors>(() => work.Context(parameters));
        Assert.Equal(
            ["stages/train/stage.yaml: stages.train.config: must be one of paper, tiny, got 'huge'", "stages/train/stage.yaml: stages.train.batch_size: must be between 2 and 1000000, got 1"],
            ex.Errors.Select(e => e.Message));
    }

    [Fact]
    public async Task Run_WhenSubjectMissing_FailsListingTheSubjectsPresent()
    {
        // Given subjects = [2] while the fmri table holds subject 1 only
        await work.WriteAsync();
        var context = work.Context(TrainWorkspace.Parameters(p => p["subjects"] = new List<object> { 2L }));

        // When / Then
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new TrainStage().RunAsync(context, CancellationToken.None));
        Assert.Equal("train: the fmri table has no rows for subject(s) [2]; it holds []", ex.Message);
    }
}
