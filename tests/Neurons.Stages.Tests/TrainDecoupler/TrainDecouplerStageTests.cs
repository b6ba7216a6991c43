using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Model.Brain;
using Neurons.Model.Decoupled;
using Neurons.Model.Training;
using Neurons.Stages.TrainDecoupler;

namespace Neurons.Stages.Tests.TrainDecoupler;

public sealed class TrainDecouplerStageTests : IDisposable
{
    private readonly TrainDecouplerWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task Run_OnSyntheticTables_WritesHistoryAndCommitsTheModelWithTheShard()
    {
        // Given a workspace with every input table and a stage-1 export for subject 1
        await workspace.WriteAsync();
        var context = workspace.Context(TrainDecouplerWorkspace.Parameters(), out var output);

        // When the stage runs 3 epochs (3 steps each)
        await new TrainDecouplerStage().RunAsync(context, CancellationToken.None);

        // Then the history has one row per epoch with its terms, weights and baselines
        var rows = await ParquetRows.ReadAsync<DecouplerTrainingRow>(output.Path, CancellationToken.None);
        Assert.Equal([0, 1, 2], rows.Select(r => r.Epoch));
        Assert.Equal(3, output.Rows);
        Assert.All(rows, r => Assert.True(double.IsFinite(r.TrainLoss) && r.Steps == 3 && r.PriorWeight == 30 && r.BaselineLatentL1 > 0));

        // And the model and its configuration JSON lie in the shard's files folder, loadable, with the stage-1 brain inside
        var modelPath = Path.Combine(output.FilesDirectory, "subject1", "decoupled_model.safetensors");
        Assert.True(File.Exists(Path.Combine(output.FilesDirectory, "subject1", "config.json")));
        using var random = new RandomSource(1);
        using var model = NeuronsDecoupledModel.Load(modelPath, random);
        Assert.Equal("tiny", model.Config.Name);
        Assert.Equal(8, model.Config.CaptionLength);
        Assert.Equal(CaptionTokenizerKind.Gpt2, model.Config.CaptionTokenizer);
        using var reader = new Neurons.Model.IO.SafeTensorsReader(Path.Combine(workspace.Root, "models", "train", "subject1", "brain_model.safetensors"));
        using var savedRidge = reader.Read("ridge.linears.0.weight");
        Assert.True(savedRidge.equal(model.state_dict()["ridge.linears.0.weight"]).all().item<bool>());
        var entry = output.Metadata["models"]!["subject1"]!;
        Assert.Equal("subject1/decoupled_model.safetensors", entry["model"]!.GetValue<string>());
        Assert.NotNull(entry["margins"]!["concept_map"]);
        Assert.False(File.Exists(Path.Combine(workspace.Root, "models", "train_decoupler")));
    }

    [Fact]
    public async Task Run_WhenOnlyOperationalParamsChange_ReusesTheCheckpointFolder()
    {
        // Given a finished run (one epoch of 3 steps without prior sampling at evaluation: the checkpoint folder's key is
        // what is tested here; the full 3-epoch run with sampling is the test above)
        await workspace.WriteAsync();
        static Dictionary<string, object> Short(Action<Dictionary<string, object>>? change = null) => TrainDecouplerWorkspace.Parameters(p =>
        {
            (p["epochs"], p["pct_start"], p["eval_sampling"]) = (1L, 0.3, false);
            change?.Invoke(p);
        });
        await new TrainDecouplerStage().RunAsync(workspace.Context(Short(), out _), CancellationToken.None);
        var cache = Path.Combine(workspace.Root, ".cache", "train_decoupler");
        var folders = Directory.GetDirectories(cache);

        // When it runs again with other threads, gc, keep_last and checkpoint interval, then with another seed
        await new TrainDecouplerStage().RunAsync(
            workspace.Context(Short(p => (p["threads"], p["gc_every_steps"], p["keep_last"], p["checkpoint_every_steps"]) = (2L, 0L, 1L, 2L)), out var again),
            CancellationToken.None);
        var afterOperational = Directory.GetDirectories(cache);
        await new TrainDecouplerStage().RunAsync(workspace.Context(Short(p => p["seed"] = 7L), out _), CancellationToken.None);

        // Then the operational change found the same (finished) run, and only the seed change started a new folder
        Assert.Single(folders);
        Assert.Equal(folders, afterOperational);
        Assert.Equal(1, again.Rows);
        Assert.Equal(2, Directory.GetDirectories(cache).Length);
    }

    [Fact]
    public async Task Validation_ReferenceTokenizerWithoutClipFiles_RefusesWithOneLineNamingTheParams()
    {
        // Given caption_tokenizer reference and no CLIP vocabulary
        await workspace.WriteAsync();
        var parameters = TrainDecouplerWorkspace.Parameters(p => p["caption_tokenizer"] = "reference");

        // When the parameters are checked as a run checks them / Then one line names what is missing
        var ex = Assert.Throws<ConfigErrors>(() => workspace.Context(parameters, out _));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("stages/train_decoupler/stage.yaml: stages.train_decoupler.caption_tokenizer: caption_tokenizer reference needs clip_vocab and clip_merges (the targets stage's CLIP files)", error.Message);
    }
}
