using Neurons.Model.Captioning;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Captioning;

public sealed class Gpt2LanguageModelTests
{
    private static readonly Gpt2Config Small = new() { Name = "test", VocabSize = 11, Positions = 6, Width = 4, Layers = 1, Heads = 2 };

    [Fact]
    public void StateDict_KeysAndShapes_FollowHuggingFaceGpt2LMHeadModel()
    {
        // Given a one-layer model
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Small, generator);

        // When its state dict is listed
        var actual = model.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToList();

        // Then the keys are GPT2LMHeadModel's (head tied, so no lm_head), projections as Linear [out, in]
        string[] expected =
        [
            "transformer.wte.weight [11, 4]",
            "transformer.wpe.weight [6, 4]",
            "transformer.h.0.ln_1.weight [4]",
            "transformer.h.0.ln_1.bias [4]",
            "transformer.h.0.attn.c_attn.weight [12, 4]",
            "transformer.h.0.attn.c_attn.bias [12]",
            "transformer.h.0.attn.c_proj.weight [4, 4]",
            "transformer.h.0.attn.c_proj.bias [4]",
            "transformer.h.0.ln_2.weight [4]",
            "transformer.h.0.ln_2.bias [4]",
            "transformer.h.0.mlp.c_fc.weight [16, 4]",
            "transformer.h.0.mlp.c_fc.bias [16]",
            "transformer.h.0.mlp.c_proj.weight [4, 16]",
            "transformer.h.0.mlp.c_proj.bias [4]",
            "transformer.ln_f.weight [4]",
            "transformer.ln_f.bias [4]",
        ];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Forward_ChangingALaterInput_LeavesEarlierLogitsUnchanged()
    {
        // Given a model in eval mode and two inputs that differ only at the last position
        using var generator = new Generator(2);
        using var model = new Gpt2LanguageModel(Small with { Layers = 2 }, generator);
        model.eval();
        using var a = randn(1, 5, 4, generator: generator);
        using var b = a.clone();
        b[0, 4] = randn(4, generator: generator);

        // When run
        using var la = model.Forward(a);
        using var lb = model.Forward(b);

        // Then positions 0–3 agree exactly and position 4 differs (causal mask)
        Assert.True(la.narrow(1, 0, 4).equal(lb.narrow(1, 0, 4)).all().item<bool>());
        Assert.False(la.narrow(1, 4, 1).allclose(lb.narrow(1, 4, 1)));
    }

    [Fact]
    public void Constructor_SameGenerator_SameWeights()
    {
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        using var m1 = new Gpt2LanguageModel(Small, g1);
        using var m2 = new Gpt2LanguageModel(Small, g2);
        Assert.All(m1.state_dict(), kv => Assert.True(kv.Value.equal(m2.state_dict()[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void Forward_TooManyPositions_ThrowsNamingLimit()
    {
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Small, generator);
        using var x = zeros(1, 7, 4);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(x));
        Assert.Contains("[B, 1..6, 4]", ex.Message, StringComparison.Ordinal);
    }
}
