using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Decoupled;
using Neurons.Model.IO;
using Neurons.Model.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Checkpoints;

/// <summary>
/// The checked-in lists of the reference's keys and shapes (<c>Checkpoints/reference_keys/</c>): stage 1 written
/// from PyTorch modules with the reference's structure (tiny, and paper for cc2017 subject 1 on the meta device), and
/// stage 2 under our key map (the reference's stage-2 model needs dalle2-pytorch, transformers and diffusers).
/// Regenerate the stage-2 list with <c>NEURONS_WRITE_FIXTURES=1</c>.
/// </summary>
[Collection(ReferenceCheckpointCollection.Name)]
public sealed class ReferenceKeyListTests(ReferenceCheckpointFixture fixture)
{
    private static string ListPath(string name) => Path.Combine(AppContext.BaseDirectory, "Checkpoints", "reference_keys", name);

    [Fact]
    public void ReferenceKeys_Stage1_EqualCheckedInListsThatPyTorchModulesStillProduce()
    {
        // Given the lists the reference-structured PyTorch modules write now (fixture) and the checked-in ones
        foreach (var name in new[] { "stage1_tiny.txt", "stage1_paper_subj01.txt" })
        {
            Assert.Equal(Lines(ListPath(name)), Lines(fixture.File(name)));
        }

        // When our tiny model's reference keys are listed
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(ReferenceCheckpointTests.Tiny, random);
        var ours = ReferenceCheckpoint.ReferenceKeys(model, ReferenceKeyMap.Brain).Select(Line).ToList();

        // Then they equal the tiny list line for line (names, shapes and the reference's order)
        Assert.Equal(Lines(ListPath("stage1_tiny.txt")), ours);
    }

    [Fact]
    public void ReferenceKeys_PaperStage1_NamesMatchOursAndShapesSumToOurParameterCount()
    {
        // Given the paper list of subject 1 (13447 voxels) and our model with the paper's structure at small widths
        var paper = Lines(ListPath("stage1_paper_subj01.txt"));
        var config = BrainModelConfig.Paper([13447]);
        using var random = new RandomSource(1);
        using var small = new NeuronsBrainModel(config with { Voxels = [5], Hidden = 4, Tokens = 2, Width = 3, TextWidth = 2 }, random);

        // When names and element counts are compared
        var names = ReferenceCheckpoint.ReferenceKeys(small, ReferenceKeyMap.Brain).Select(k => k.Key).ToList();
        var elements = paper.Sum(l => l[(l.IndexOf('[') + 1)..^1].Split(", ").Aggregate(1L, (a, d) => a * long.Parse(d, System.Globalization.CultureInfo.InvariantCulture)));

        // Then the names agree in order and the shapes add up to our analytic count (1,945,074,328)
        Assert.Equal(paper.Select(l => l[..l.IndexOf(' ')]), names);
        Assert.Equal(config.ParameterCount(), elements);
        Assert.Equal(1_945_074_328L, elements);
    }

    [Fact]
    public void ReferenceKeys_Stage2_EqualCheckedInListWithHuggingFaceCaptionDecoderNames()
    {
        // Given the small stage-2 model
        using var random = new RandomSource(1);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config, random);

        // When its reference keys are listed
        var ours = ReferenceCheckpoint.ReferenceKeys(model, ReferenceKeyMap.Decoupled).Select(Line).ToList();
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            File.WriteAllLines(Path.Combine(PythonTorch.RepositoryRoot, "tests", "Neurons.Model.Tests", "Checkpoints", "reference_keys", "stage2_small.txt"), ours);
        }

        // Then they equal the checked-in list: GPT-2 under text_dec.decoder with Conv1D [in, out] shapes, the tied lm_head, reference order
        Assert.Equal(Lines(ListPath("stage2_small.txt")), ours);
        Assert.Contains("text_dec.decoder.transformer.h.0.attn.c_attn.weight [16, 48]", ours);
        Assert.Contains("text_dec.decoder.lm_head.weight [40, 16]", ours);
        Assert.Contains("text_dec.clip_project.model.0.weight [16, 8]", ours);
        Assert.StartsWith("backbone.", ours[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Stage2_LoadsBackCompletelyWithTransposedConv1DWeights()
    {
        // Given two small stage-2 models with different weights
        using var random = new RandomSource(1);
        using var source = new NeuronsDecoupledModel(Stage2Fixture.Config, random, initSeed: 1);
        using var target = new NeuronsDecoupledModel(Stage2Fixture.Config, random, initSeed: 2);
        var path = Path.Combine(fixture.Directory, $"stage2-{Guid.NewGuid():N}.pth");

        // When the first is exported under the reference's names and the file loaded into the second
        ReferenceCheckpoint.Export(path, source, ReferenceKeyMap.Decoupled, new Dictionary<string, object> { ["epoch"] = 49 });
        using var file = PthFile.Read(path);
        var report = ReferenceCheckpoint.Load(target, ReferenceKeyMap.Decoupled, file, ReferenceLoadOptions.Complete);

        // Then every tensor arrived (the tied lm_head neither missing nor unexpected) and the file holds Conv1D layouts
        Assert.True(report.IsExact, report.Summary());
        var theirs = target.state_dict();
        foreach (var (key, t) in source.state_dict())
        {
            Assert.True(t.allclose(theirs[key], rtol: 0, atol: 0), key);
        }

        using var ours = source.state_dict()["text_dec.gpt.transformer.h.0.attn.c_attn.weight"].t();
        Assert.True(ours.allclose(file["text_dec.decoder.transformer.h.0.attn.c_attn.weight"], rtol: 0, atol: 0));
        Assert.True(file["text_dec.decoder.lm_head.weight"].allclose(file["text_dec.decoder.transformer.wte.weight"], rtol: 0, atol: 0));
    }

    private static string Line((string Key, long[] Shape) k) => $"{k.Key} [{string.Join(", ", k.Shape)}]";

    private static List<string> Lines(string path) => File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
}
