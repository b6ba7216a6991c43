using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Tests.Fixtures;
using Neurons.Model.Training;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

[Collection(TrainerCollection.Name)]
public sealed class Stage1TrainerTests : IDisposable
{
    private static readonly BrainModelConfig Config = new()
    {
        Name = "test",
        Voxels = [200],
        Hidden = 32,
        Blocks = 2,
        Tokens = SyntheticData.Tokens,
        Width = SyntheticData.Width,
        TextWidth = SyntheticData.TextWidth,
    };

    private static readonly Stage1Options Options = new()
    {
        Epochs = 4,
        BatchSize = 16,
        MaxLr = 3e-3,
        EvalBatchSize = 24,
        CheckpointEverySteps = 5,
        KeepLast = 2,
        GcEverySteps = 7,
    };

    private readonly string root = Directory.CreateTempSubdirectory("neurons-train-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Train_ResumedAfterInterruption_EndsBitIdenticalToUninterruptedRun()
    {
        // Given an uninterrupted 4-epoch run (6 steps per epoch, 24 in all)
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();
        var full = Run(data, proj, "full");

        // When a second run is killed after step 11 (last checkpoint at step 10: epoch 1, batch 4) and resumed by a new trainer
        var partial = Run(data, proj, "resumed", stopAfter: 11);
        Assert.False(partial.Completed);
        partial.Model.Dispose();
        var resumed = Run(data, proj, "resumed");

        // Then every weight is identical bit for bit, and so is the history's losses and metrics
        Assert.True(resumed.Completed);
        Assert.Equal(14, resumed.StepsRun); // steps 11 … 24
        foreach (var ((name, a), (_, b)) in full.Model.state_dict().Zip(resumed.Model.state_dict()))
        {
            Assert.True(Bits.Same(a, b), $"{name} differs after resume");
        }

        Assert.Equal(full.History.Select(r => (r.TrainLoss, r.TestForwardTop1, r.Selection)), resumed.History.Select(r => (r.TrainLoss, r.TestForwardTop1, r.Selection)));
        full.Model.Dispose();
        resumed.Model.Dispose();
    }

    [Fact]
    public void Train_OnDecodableData_BeatsChanceAndLowersLoss()
    {
        // Given decodable synthetic data and 10 epochs
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();
        var options = Options with { Epochs = 10, CheckpointEverySteps = 0 };

        // When trained
        var result = new Stage1Trainer(options).Train(Config, 1, 0, proj, data, new CheckpointStore(Path.Combine(root, "learn"), 1), CPU);
        result.Model.Dispose();

        // Then the loss falls and test forward top-1 retrieval is at least 3× chance (1/24)
        var h = result.History;
        Assert.Equal(10, h.Count);
        Assert.True(h[^1].TrainLoss < h[0].TrainLoss * 0.8, $"loss {h[0].TrainLoss} → {h[^1].TrainLoss}");
        Assert.True(h.Max(r => r.TestForwardTop1) >= 3 * h[0].ChanceTop1, $"best fwd top-1 {h.Max(r => r.TestForwardTop1)}");
        Assert.Equal(1.0 / 24, h[0].ChanceTop1, 10);
        Assert.Equal([0, 1, 0, 1], h.Take(4).Select(r => r.Repeat));
        Assert.Equal([2, 3, 2, 3], h.Take(4).Select(r => r.Frame));
        Assert.Single(h, r => r.IsBest && r.Selection == h.Max(x => x.Selection) && h.Where(x => x.Selection == r.Selection).First() == r);
    }

    [Fact]
    public void Train_KeepsLastKStepCheckpointsAndTheBest()
    {
        // Given a run with a checkpoint every 5 steps and keep_last 2
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();

        // When it completes
        var result = Run(data, proj, "keep");
        result.Model.Dispose();

        // Then only the two newest step checkpoints and best.safetensors remain
        var store = new CheckpointStore(Path.Combine(root, "keep"), 2);
        Assert.Equal([20L, 24L], store.List().Select(c => c.Step));
        Assert.True(File.Exists(store.BestPath));
        Assert.Empty(Directory.EnumerateFiles(store.Directory, "*.tmp*"));
    }

    [Fact]
    public void Train_WhenCheckpointBelongsToOtherConfiguration_RefusesWithClearMessage()
    {
        // Given a checkpoint (step 5) written by a run with hidden 32, killed after step 6
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();
        var partial = Run(data, proj, "other", stopAfter: 6);
        partial.Model.Dispose();

        // When a run with hidden 48 resumes from the same folder
        var store = new CheckpointStore(Path.Combine(root, "other"), 2);
        var ex = Assert.Throws<InvalidDataException>(() => new Stage1Trainer(Options).Train(Config with { Hidden = 48 }, 1, 0, proj, data, store, CPU));

        // Then the error names the checkpoint and the differing configuration
        Assert.Contains("step-000000005.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("neurons.config", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportModel_WritesWeightsUnderPyTorchKeys()
    {
        // Given a finished run
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();
        var result = Run(data, proj, "export");
        var output = Path.Combine(root, "brain_model.safetensors");

        // When its best checkpoint is exported
        Stage1Trainer.ExportModel(result.BestCheckpoint!, output);

        // Then the file holds exactly the model's state-dict keys and the config
        using var reader = new Neurons.Model.IO.SafeTensorsReader(output);
        Assert.Equal(result.Model.state_dict().Keys.Order(StringComparer.Ordinal), reader.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("\"hidden\":32", reader.Metadata["neurons.config"], StringComparison.Ordinal);
        result.Model.Dispose();
    }

    [Fact]
    public void Train_InitFrom_StartsFromTheCheckpointBackboneAndLeavesTheRidgeFresh()
    {
        // Given a MindEye2-style checkpoint: another subject's ridge (300 voxels, which could not load) and its own backbone
        using var data = SyntheticData.Create();
        using var proj = SyntheticData.TextProjection();
        var init = Path.Combine(root, "last.safetensors");
        using (var random = new RandomSource(99))
        using (var donor = new NeuronsBrainModel(Config with { Voxels = [300] }, random))
        {
            Neurons.Model.IO.SafeTensors.Save(init, Neurons.Model.IO.ModuleWeights.Prefixed(donor, string.Empty));
        }

        // When training starts from it and stops after one step
        var options = Options with { InitFrom = init, CheckpointEverySteps = 0 };
        var result = new Stage1Trainer(options).Train(Config, 1, 0, proj, data, new CheckpointStore(Path.Combine(root, "init"), 1), CPU, stopAfterStep: s => s == 1);

        // Then the backbone is the checkpoint's up to one warm-up step (lr 1.2e-4), whatever the seed drew
        using var file = Neurons.Model.IO.PthFile.Read(init);
        using var model = result.Model;
        foreach (var key in new[] { "backbone.backbone_linear.weight", "backbone.clip_proj.8.weight", "backbone.mixer_blocks1.1.1.0.weight" })
        {
            using var diff = (model.state_dict()[key] - file[key]).abs().max();
            Assert.InRange(diff.item<float>(), 0f, 1e-3f);
        }

        Assert.Equal(new long[] { 32, 200 }, model.state_dict()["ridge.linears.0.weight"].shape);
    }

    private Stage1Result Run(TrainingData data, Tensor proj, string name, long stopAfter = -1) =>
        new Stage1Trainer(Options).Train(
            Config,
            1,
            0,
            proj,
            data,
            new CheckpointStore(Path.Combine(root, name), Options.KeepLast),
            CPU,
            stopAfterStep: stopAfter < 0 ? null : s => s == stopAfter);
}
