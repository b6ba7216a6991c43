using Neurons.Model.Brain;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Brain;

public sealed class NeuronsBrainModelTests
{
    private static readonly BrainModelConfig Small = new() { Name = "small", Voxels = [10, 7], Hidden = 8, Blocks = 2, Tokens = 3, Width = 4, TextWidth = 5 };

    [Fact]
    public void StateDict_KeysAndShapes_MatchCheckedInReferenceList()
    {
        // Given the small two-subject model
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(Small, random);

        // When its state dict is listed as "key shape"
        var actual = model.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToList();

        // Then it equals the list derived from the PyTorch attribute names (BrainModel_neurons.py / MindEye2)
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Brain", "state_dict_small.txt"))
            .Where(l => l.Length > 0).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Forward_ReturnsTokensProjectionAndText()
    {
        // Given the model and a batch of 3 for subject 1 (7 voxels)
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(Small, random);
        using var x = randn(3, 7);

        // When run
        using var output = model.call(x, 1);

        // Then the shapes are [3, 3, 4], [3, 3, 4] and [3, 5]
        Assert.Equal(new long[] { 3, 3, 4 }, output.Backbone.shape);
        Assert.Equal(new long[] { 3, 3, 4 }, output.Clip.shape);
        Assert.Equal(new long[] { 3, 5 }, output.Text.shape);
    }

    [Fact]
    public void Forward_TextIsFrozenProjectionOfTokenMean()
    {
        // Given a loaded projection
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(Small, random);
        using var proj = randn(4, 5);
        model.LoadTextProjection(proj);
        using var x = randn(2, 10);

        // When run
        using var output = model.call(x, 0);

        // Then text = mean over tokens of clip, times proj; and the projection takes no gradient
        using var expected = output.Clip.mean([1]).matmul(proj);
        Assert.True(output.Text.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.False(model.named_parameters().Single(p => p.name == "clipproj.proj").parameter.requires_grad);
    }

    [Fact]
    public void Forward_WrongVoxelCount_ThrowsNamingExpectedShape()
    {
        // Given subject 0 expecting 10 voxels
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(Small, random);
        using var x = randn(2, 7);

        // When / Then
        var ex = Assert.Throws<ArgumentException>(() => model.call(x, 0));
        Assert.Contains("[B, 10]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MixerMode.Reference, false)]
    [InlineData(MixerMode.Residual, true)]
    public void Backward_TokenMixingBlocksGetGradientOnlyInResidualMode(MixerMode mode, bool expectGradient)
    {
        // Given the model in either mixer mode (the reference's chains discard block 1's output when seq_len = 1)
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(Small with { Mixer = mode }, random);
        using var x = randn(4, 10);

        // When a loss on the output is back-propagated
        using (var output = model.call(x, 0))
        using (var loss = output.Clip.pow(2).sum())
        {
            loss.backward();
        }

        // Then the first token-mixing Linear has a non-zero gradient only in residual mode
        var weight = model.named_parameters().Single(p => p.name == "backbone.mixer_blocks1.0.1.0.weight").parameter;
        using var grad = weight.grad;
        var has = grad is not null && grad.abs().sum().item<float>() > 0;
        Assert.Equal(expectGradient, has);
    }
}
