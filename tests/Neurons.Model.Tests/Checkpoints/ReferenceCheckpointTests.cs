using System.Text.Json;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.IO;
using Neurons.Model.Tests.Fixtures;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Checkpoints;

/// <summary>
/// Parity with PyTorch (Debian's python3-torch): checkpoints written by <c>reference_checkpoint.py</c> from plain
/// torch.nn modules with the reference's names load into our stage-1 model, whose forward equals theirs; missing and
/// unexpected keys are those PyTorch's <c>load_state_dict(strict=False)</c> returns; our export loads strictly there.
/// </summary>
[Collection(ReferenceCheckpointCollection.Name)]
public sealed class ReferenceCheckpointTests(ReferenceCheckpointFixture fixture, ITestOutputHelper output)
{
    /// <summary>The sizes of reference_checkpoint.py (VOXELS, HIDDEN, BLOCKS, TOKENS, WIDTH, TEXT).</summary>
    internal static readonly BrainModelConfig Tiny = new() { Name = "custom", Voxels = [37, 23], Hidden = 16, Blocks = 2, Tokens = 4, Width = 8, TextWidth = 6 };

    /// <summary>Our forward against PyTorch's with the model and inputs in float64.</summary>
    private const double Tolerance = 1e-5;

    /// <summary>
    /// In float32: the mixer's LayerNorm over the sequence axis (length 1) outputs its bias in exact arithmetic, but
    /// computes it as x·(γ/√ε) − mean·(γ/√ε) + β, i.e. the difference of two values ≈ 316·x, whose rounding
    /// (≈ 3e-5 after the chain; PyTorch's own float32-vs-float64 gap is the same) depends on the implementation.
    /// </summary>
    private const double Float32Tolerance = 1e-4;

    [Fact]
    public void Load_Stage1CheckpointWrittenByPyTorch_ForwardMatchesPyTorchModules()
    {
        // Given the reference-layout checkpoint {epoch, model_state_dict, optimizer_state_dict, losses, lrs}
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);

        // When it is loaded
        var report = ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, fixture.File("stage1.pth"));

        // Then every key matched, and the outputs equal PyTorch's for both subjects
        Assert.Equal("model_state_dict", report.Source);
        Assert.True(report.IsExact, report.Summary());
        Assert.Equal(model.state_dict().Count, report.Loaded);
        var diff32 = MaxDiffAgainst(model, fixture.File("reference_outputs.pth"));
        model.to(ScalarType.Float64);
        var diff64 = MaxDiffAgainst(model, fixture.File("reference_outputs.pth"));
        output.WriteLine($"max |ours - PyTorch| after import: float64 {diff64:E2}, float32 {diff32:E2}");
        Assert.InRange(diff64, 0, Tolerance);
        Assert.InRange(diff32, 0, Float32Tolerance);
    }

    [Fact]
    public void Load_OneMissingOneUnexpectedKey_ReportsWhatPyTorchReturns()
    {
        // Given a state dict without backbone.clip_proj.8.bias and with an extra backbone.blin1.weight
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);
        using var noGrad = no_grad();
        using var before = model.state_dict()["backbone.clip_proj.8.bias"].clone();

        // When it is loaded non-strictly
        var report = ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, fixture.File("stage1_mu.pth"));

        // Then the lists equal PyTorch's, printed the way PyTorch prints them, and the missing weight is untouched
        var expected = Expected("mu");
        Assert.Equal(expected.Missing, report.MissingKeys);
        Assert.Equal(expected.Unexpected, report.UnexpectedKeys);
        Assert.Equal("_IncompatibleKeys(missing_keys=['backbone.clip_proj.8.bias'], unexpected_keys=['backbone.blin1.weight'])", report.ToPyTorchString());
        Assert.True(before.allclose(model.state_dict()["backbone.clip_proj.8.bias"], rtol: 0, atol: 0));
    }

    [Fact]
    public void Load_MindEye2InitIntoBackbone_SkipsRidgeAndReportsLikeReference()
    {
        // Given a MindEye2-style last.pth (another subject's ridge, blurry-branch keys), converted to safetensors (file order kept)
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);
        using var noGrad = no_grad();
        using var ridgeBefore = model.state_dict()["ridge.linears.0.weight"].clone();

        // When it initialises training the way the reference does (a model with only `backbone`)
        var report = ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, fixture.File("mindeye_last.safetensors"), ReferenceLoadOptions.BrainInit);

        // Then missing/unexpected equal PyTorch's, in its order; the ridge keeps its fresh weights; the backbone is loaded
        var expected = Expected("mindeye");
        Assert.Equal(expected.Missing, report.MissingKeys);
        Assert.Equal(expected.Unexpected, report.UnexpectedKeys);
        Assert.True(ridgeBefore.allclose(model.state_dict()["ridge.linears.0.weight"], rtol: 0, atol: 0));
        using var file = PthFile.Read(fixture.File("mindeye_last.pth"));
        Assert.True(file["backbone.backbone_linear.weight"].allclose(model.state_dict()["backbone.backbone_linear.weight"], rtol: 0, atol: 0));

        // And the .pth itself (read by PyBridge, whose dictionaries keep no order) gives the same sets
        using var again = new NeuronsBrainModel(Tiny, random);
        var fromPth = ReferenceCheckpoint.Load(again, ReferenceKeyMap.Brain, file, ReferenceLoadOptions.BrainInit);
        Assert.Equal(expected.Unexpected.Order(StringComparer.Ordinal), fromPth.UnexpectedKeys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Missing, fromPth.MissingKeys);
    }

    [Fact]
    public void Load_RidgeOfAnotherSubject_FailsWithOneLineNamingTheVoxelCounts()
    {
        // Given the full model and a checkpoint whose ridge was trained on 50 voxels (this model's subject 0 has 37)
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);

        // When it is loaded as complete weights
        var ex = Assert.Throws<InvalidDataException>(() =>
            ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, fixture.File("mindeye_last.safetensors"), ReferenceLoadOptions.Complete));

        // Then one line names the file, the key, both voxel counts and the remedy
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("mindeye_last.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ridge.linears.0.weight is [16, 50]: the checkpoint's subject 0 has 50 voxels, this model's has 37", ex.Message, StringComparison.Ordinal);
        Assert.Contains("init_from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SchedulerStateThatPicklesTheOptimizer_PointsToTheConverterWhoseOutputLoads()
    {
        // Given the reference's full save_ckpt layout: OneCycleLR's state pickles a bound method, hence the optimiser's nn.Parameters
        // When PyBridge reads it
        var ex = Assert.Throws<InvalidDataException>(() => PthFile.Read(fixture.File("stage1_sched.pth")));

        // Then the error names the converter; and the converter's output (written by the Python side) loads exactly
        output.WriteLine(ex.Message);
        Assert.Contains("tools/checkpoints/pth_to_safetensors.py", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);
        var report = ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, fixture.File("stage1_sched.safetensors"));
        Assert.Equal("model_state_dict", report.Source);
        Assert.True(report.IsExact, report.Summary());
        Assert.InRange(MaxDiffAgainst(model, fixture.File("reference_outputs.pth")), 0, Float32Tolerance);
        model.to(ScalarType.Float64);
        Assert.InRange(MaxDiffAgainst(model, fixture.File("reference_outputs.pth")), 0, Tolerance);
    }

    [Fact]
    public void Load_Float16StateDictAtTopLevel_ConvertsEveryTensorToTheModelDtype()
    {
        // Given a plain (un-nested) state dict saved in float16
        using var random = new RandomSource(5);
        using var model = new NeuronsBrainModel(Tiny, random);
        using var file = PthFile.Read(fixture.File("stage1_f16.pth"));

        // When it is loaded
        var report = ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, file);

        // Then it was found at the top level, every tensor was converted, and the values are the float16 ones
        Assert.Equal("(top level)", report.Source);
        Assert.Equal(model.state_dict().Count, report.Converted.Count);
        using var want = file["backbone.backbone_linear.weight"].to_type(ScalarType.Float32);
        Assert.True(want.allclose(model.state_dict()["backbone.backbone_linear.weight"], rtol: 0, atol: 0));
        Assert.Equal(ScalarType.Float32, model.state_dict()["backbone.backbone_linear.weight"].dtype);
    }

    [Fact]
    public void Export_TinyModel_PyTorchLoadsItStrictlyAndItsOutputsMatchOurs()
    {
        // Given our model with its own (seeded) weights
        using var random = new RandomSource(11);
        using var model = new NeuronsBrainModel(Tiny, random);
        using (no_grad())
        {
            using var g = new Generator(3);
            foreach (var (_, p) in model.named_parameters())
            {
                p.add_(randn(p.shape, generator: g).mul_(0.3));
            }
        }

        // When it is exported and loaded by the reference's modules with strict=True (reference_checkpoint.py check)
        var dir = Path.Combine(fixture.Directory, "export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(fixture.File("reference_outputs.pth"), Path.Combine(dir, "reference_outputs.pth"));
        ReferenceCheckpoint.Export(Path.Combine(dir, "export.pth"), model, ReferenceKeyMap.Brain, new Dictionary<string, object> { ["epoch"] = 7 });
        PythonTorch.Run(ReferenceCheckpointFixture.Script, "check", dir);

        // Then the key order is the reference model's, the extra entries survive, and PyTorch's outputs equal ours
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "export.json")));
        var keys = json.RootElement.GetProperty("keys").EnumerateArray().Select(e => e.GetString()).ToList();
        var modelKeys = json.RootElement.GetProperty("model_keys").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(modelKeys, keys);
        Assert.Equal(7, json.RootElement.GetProperty("extra").GetProperty("epoch").GetInt32());
        var diff32 = MaxDiff(model, fixture.File("reference_outputs.pth"), Path.Combine(dir, "export_outputs.pth"));
        model.to(ScalarType.Float64);
        var diff64 = MaxDiff(model, fixture.File("reference_outputs.pth"), Path.Combine(dir, "export_outputs.pth"));
        output.WriteLine($"max |ours - PyTorch| after export: float64 {diff64:E2}, float32 {diff32:E2}");
        Assert.InRange(diff64, 0, Tolerance);
        Assert.InRange(diff32, 0, Float32Tolerance);
    }

    private (List<string> Missing, List<string> Unexpected) Expected(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(fixture.File("expected.json")));
        var e = json.RootElement.GetProperty(name);
        return (
            e.GetProperty("missing").EnumerateArray().Select(x => x.GetString()!).ToList(),
            e.GetProperty("unexpected").EnumerateArray().Select(x => x.GetString()!).ToList());
    }

    private static double MaxDiffAgainst(NeuronsBrainModel model, string outputsPath) => MaxDiff(model, outputsPath, outputsPath);

    /// <summary>
    /// Our forward on the inputs x0, x1 of <paramref name="inputsPath"/> against the outputs in <paramref name="outputsPath"/>,
    /// in the model's dtype (float64 outputs carry the suffix <c>_f64</c>).
    /// </summary>
    private static double MaxDiff(NeuronsBrainModel model, string inputsPath, string outputsPath)
    {
        model.eval();
        using var inputs = PthFile.Read(inputsPath);
        using var outputs = PthFile.Read(outputsPath);
        using var noGrad = no_grad();
        var dtype = model.parameters().First().dtype;
        var suffix = dtype == ScalarType.Float64 ? "_f64" : string.Empty;
        var max = 0.0;
        for (var s = 0; s < Tiny.Voxels.Count; s++)
        {
            using var x = inputs[$"x{s}"].to_type(dtype);
            using var ours = model.call(x, s);
            foreach (var (name, t) in new[] { ("backbone", ours.Backbone), ("clip", ours.Clip), ("text", ours.Text) })
            {
                using var d = (t - outputs[$"{name}{s}{suffix}"]).abs().max();
                max = Math.Max(max, d.to_type(ScalarType.Float64).item<double>());
            }
        }

        return max;
    }
}
