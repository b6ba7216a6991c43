using Neurons.Model.Brain;
using Neurons.Model.Decoupled;
using Neurons.Model.IO;
using Neurons.Model.Tests.Fixtures;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Decoupled;

public sealed class NeuronsDecoupledModelTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neurons-decoupled-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ParameterCount_EqualsTheBuiltModelsCount()
    {
        // Given the test configuration and the tiny preset around a tiny brain
        var tiny = DecoupledModelConfig.Tiny(BrainModelConfig.Tiny([50], 16, 32, 16));
        foreach (var config in new[] { Stage2Fixture.Config, tiny })
        {
            using var random = new RandomSource(1);

            // When the model is built
            using var model = new NeuronsDecoupledModel(config, random);

            // Then the analytic counts equal the real ones, in all and for the trainable parts (everything but the brain)
            Assert.Equal(config.ParameterCount(), model.parameters().Sum(p => p.numel()));
            Assert.Equal(config.ParameterCount(trainableOnly: true), model.TrainableParameters().Sum(p => p.Parameter.numel()));
            Assert.Equal(config.ParameterCount(trainableOnly: true), model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        }
    }

    [Fact]
    public void ParameterCount_Paper_IsThePartsSum()
    {
        // Given the paper configuration for subject 1 (V = 13447)
        var config = DecoupledModelConfig.Paper(BrainModelConfig.Paper([13447]));

        // Then the trainable parts are prior 259,865,200 + decoupler 28,762,303 + GPT-2 with its prefix 125,423,616,
        // and the frozen brain adds 1,945,074,328
        Assert.Equal(259_865_200L + 28_762_303L + 125_423_616L, config.ParameterCount(trainableOnly: true));
        Assert.Equal(414_051_119L + 1_945_074_328L, config.ParameterCount());
    }

    [Fact]
    public void StateDict_UsesTheReferenceTopLevelNames()
    {
        // Given a model
        using var random = new RandomSource(1);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config, random);

        // Then its keys start with the reference's attribute names, and the brain's keys match a stage-1 model's
        var tops = model.state_dict().Keys.Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["backbone", "classifier", "clipproj", "diffusion_prior", "motion_proj", "ridge", "text_dec", "text_seg_dec"], tops);
        using var brain = new NeuronsBrainModel(Stage2Fixture.Brain, random);
        Assert.Equal(brain.state_dict().Keys.Order(StringComparer.Ordinal), model.state_dict().Keys.Where(k => k.StartsWith("ridge.", StringComparison.Ordinal) || k.StartsWith("backbone.", StringComparison.Ordinal) || k.StartsWith("clipproj.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadBrain_CopiesTheStage1WeightsAndFreezesThem()
    {
        // Given a stage-1 export and a fresh model
        var path = Stage2Fixture.WriteBrain(root);
        using var random = new RandomSource(1);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config, random);

        // When the brain is loaded
        model.LoadBrain(path);

        // Then every brain tensor equals the file's, none requires grad, and the voxels encode as the stage-1 model does
        using var reader = new SafeTensorsReader(path);
        var state = model.state_dict();
        foreach (var key in reader.Entries.Keys)
        {
            using var saved = reader.Read(key);
            Assert.True(Bits.Same(saved, state[key]), key);
        }

        Assert.All(model.named_parameters().Where(p => p.name.StartsWith("ridge.", StringComparison.Ordinal) || p.name.StartsWith("backbone.", StringComparison.Ordinal)), p => Assert.False(p.parameter.requires_grad));
        using var brain = new NeuronsBrainModel(Stage2Fixture.Brain, random);
        ModuleWeights.Load(brain, reader);
        brain.eval();
        model.eval();
        using var voxels = randn(3, Stage2Fixture.Voxels);
        using var expected = brain.call(voxels, 0);
        using var actual = model.EncodeBrain(voxels, 0);
        Assert.True(Bits.Same(expected.Backbone, actual.Backbone));
        Assert.True(Bits.Same(expected.Text, actual.Text));
    }

    [Fact]
    public void PriorCondition_FollowsTheConfiguration_PaperProjectedTokensTinyBackbone()
    {
        // Given the presets, a configuration written before the field existed, and the fixture model with either choice
        var paper = DecoupledModelConfig.Paper(BrainModelConfig.Paper([13447]));
        var tiny = DecoupledModelConfig.Tiny(BrainModelConfig.Tiny([50], 16, 32, 16));
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(paper))!.AsObject();
        json.Remove("prior_condition");
        var older = System.Text.Json.JsonSerializer.Deserialize<DecoupledModelConfig>(json.ToJsonString())!;
        using var random = new RandomSource(1);
        using var projected = new NeuronsDecoupledModel(Stage2Fixture.Config with { PriorCondition = PriorConditionKind.ClipVisionEmbeds }, random);
        using var backbone = new NeuronsDecoupledModel(Stage2Fixture.Config with { PriorCondition = PriorConditionKind.Backbone }, random);
        projected.eval();
        using var voxels = randn(2, Stage2Fixture.Voxels);
        using var brain = projected.EncodeBrain(voxels, 0);

        // Then paper conditions on clip_vision_embeds as the reference, tiny and older files on the backbone tokens
        Assert.Equal(PriorConditionKind.ClipVisionEmbeds, paper.PriorCondition);
        Assert.Equal(PriorConditionKind.Backbone, tiny.PriorCondition);
        Assert.Equal(PriorConditionKind.Backbone, older.PriorCondition);
        Assert.Contains("\"prior_condition\":\"ClipVisionEmbeds\"", System.Text.Json.JsonSerializer.Serialize(paper), StringComparison.Ordinal);
        Assert.Same(brain.Clip, projected.PriorCondition(brain));
        Assert.Same(brain.Backbone, backbone.PriorCondition(brain));
        Assert.False(Bits.Same(brain.Clip, brain.Backbone));
    }

    [Fact]
    public void SaveLoad_RoundTripsWeightsAndConfiguration()
    {
        // Given a model with a loaded brain
        using var random = new RandomSource(1);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config, random);
        model.LoadBrain(Stage2Fixture.WriteBrain(root));
        var path = Path.Combine(root, "decoupled.safetensors");

        // When it is saved and loaded
        model.Save(path, new Dictionary<string, string> { ["neurons.subject"] = "1" });
        using var loaded = NeuronsDecoupledModel.Load(path, random);

        // Then the configuration and every tensor are identical
        Assert.Equal(Stage2Fixture.Config.ParameterCount(), loaded.Config.ParameterCount());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Stage2Fixture.Config), System.Text.Json.JsonSerializer.Serialize(loaded.Config));
        foreach (var ((name, a), (_, b)) in model.state_dict().Zip(loaded.state_dict()))
        {
            Assert.True(Bits.Same(a, b), name);
        }
    }

    [Fact]
    public void LoadBrain_OfAnotherConfiguration_RefusesWithOneLine()
    {
        // Given a brain export with hidden 32 and a model whose brain has hidden 48
        var path = Stage2Fixture.WriteBrain(root);
        using var random = new RandomSource(1);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config with { Brain = Stage2Fixture.Brain with { Hidden = 48 } }, random);

        // When it is loaded, then the error names the file and both configurations
        var ex = Assert.Throws<InvalidDataException>(() => model.LoadBrain(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"hidden\":48", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_OfAStage1Export_RefusesWithOneLine()
    {
        // Given a stage-1 export, when it is loaded as a stage-2 model, then the kind is named
        var path = Stage2Fixture.WriteBrain(root);
        using var random = new RandomSource(1);
        var ex = Assert.Throws<InvalidDataException>(() => NeuronsDecoupledModel.Load(path, random));
        Assert.Contains(NeuronsDecoupledModel.BrainKind, ex.Message, StringComparison.Ordinal);
        Assert.Contains(NeuronsDecoupledModel.Kind, ex.Message, StringComparison.Ordinal);
    }
}
