using Neurons.Model.Captioning;
using Neurons.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Captioning;

public sealed class Gpt2WeightsTests : IDisposable
{
    private const int Layers = 2;
    private const int Width = 8;
    private const int Heads = 2;
    private const int Vocab = 13;
    private const int Positions = 9;

    private static readonly Gpt2Config Config = new() { Name = "test", VocabSize = Vocab, Positions = Positions, Width = Width, Layers = Layers, Heads = Heads, Dropout = 0.1 };

    private readonly string dir = Directory.CreateTempSubdirectory("neurons-gpt2-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadHuggingFace_RandomCheckpoint_LogitsMatchIndependentImplementation(bool savePretrainedLayout)
    {
        // Given a random GPT-2 in the Hugging Face layout (Conv1D weights [in, out]; hub-style names with the
        // causal-mask buffers, or save_pretrained names with "transformer." and a tied lm_head), written by our writer
        var weights = RandomWeights(seed: 7);
        var path = Write(weights, savePretrainedLayout ? "transformer." : string.Empty, maskBuffers: !savePretrainedLayout, tiedHead: savePretrainedLayout);
        long[][] ids = [[3, 0, 12, 5, 5, 7, 1], [11, 2, 9, 4, 6, 10, 8]];

        // When loaded into our model and run (dropout off) on the token embeddings
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Config, generator);
        Gpt2Weights.LoadHuggingFace(model, path);
        model.eval();
        using var idTensor = tensor(ids.SelectMany(r => r).ToArray(), [2, 7]);
        using var embeds = model.Embed(idTensor);
        using var logits = model.Forward(embeds);

        // Then every logit equals the plain-loop implementation's to 1e-5
        var expected = Gpt2ReferenceImplementation.Logits(weights.ToDictionary(kv => kv.Key, kv => kv.Value.Data), Layers, Width, Heads, Vocab, ids);
        var actual = logits.data<float>().ToArray();
        Assert.Equal(2 * 7 * Vocab, actual.Length);
        var maxError = 0.0;
        for (var b = 0; b < 2; b++)
        {
            for (var t = 0; t < 7; t++)
            {
                for (var v = 0; v < Vocab; v++)
                {
                    maxError = Math.Max(maxError, Math.Abs(actual[(((b * 7) + t) * Vocab) + v] - expected[b][t][v]));
                }
            }
        }

        Assert.True(maxError < 1e-5, $"max |logit error| {maxError}");
        Assert.True(expected.SelectMany(r => r).SelectMany(r => r).Max(Math.Abs) > 0.5, "logits too small to test anything");
    }

    [Fact]
    public void LoadHuggingFace_MissingAndUnexpectedKeys_ThrowsOneLineNamingBoth()
    {
        // Given a file without h.1.mlp.c_fc.bias and with an extra key
        var weights = RandomWeights(seed: 3);
        weights.Remove("h.1.mlp.c_fc.bias");
        weights["h.1.mlp.extra"] = (new float[] { 1 }, [1]);
        var path = Write(weights, string.Empty, maskBuffers: true, tiedHead: false);
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Config, generator);

        // When / Then
        var ex = Assert.Throws<InvalidDataException>(() => Gpt2Weights.LoadHuggingFace(model, path));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("missing 'transformer.h.1.mlp.c_fc.bias'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected 'h.1.mlp.extra'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadHuggingFace_LinearLayoutInsteadOfConv1D_ThrowsNamingConv1DShape()
    {
        // Given c_fc stored untransposed ([out, in] = [32, 8]) instead of Conv1D [in, out] = [8, 32]
        var weights = RandomWeights(seed: 3);
        weights["h.0.mlp.c_fc.weight"] = (weights["h.0.mlp.c_fc.weight"].Data, [4 * Width, Width]);
        var path = Write(weights, string.Empty, maskBuffers: false, tiedHead: false);
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Config, generator);

        // When / Then
        var ex = Assert.Throws<InvalidDataException>(() => Gpt2Weights.LoadHuggingFace(model, path));
        Assert.Contains("'h.0.mlp.c_fc.weight' is F32[32, 8], the model expects float[8, 32] (Conv1D [in, out])", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadHuggingFace_UntiedHead_Throws()
    {
        // Given an lm_head.weight that differs from wte
        var weights = RandomWeights(seed: 3);
        var path = Write(weights, "transformer.", maskBuffers: false, tiedHead: false, extra: ("lm_head.weight", RandomWeights(seed: 4)["wte.weight"]));
        using var generator = new Generator(1);
        using var model = new Gpt2LanguageModel(Config, generator);

        // When / Then
        var ex = Assert.Throws<InvalidDataException>(() => Gpt2Weights.LoadHuggingFace(model, path));
        Assert.Contains("'lm_head.weight' differs from 'wte.weight'", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Random GPT-2 weights in the hub's layout and names (Conv1D weights [in, out]).</summary>
    private static Dictionary<string, (float[] Data, long[] Shape)> RandomWeights(int seed)
    {
        var random = new Random(seed);
        var result = new Dictionary<string, (float[] Data, long[] Shape)>(StringComparer.Ordinal);
        void Add(string name, double scale, double offset, params long[] shape)
        {
            var n = shape.Aggregate(1L, (a, b) => a * b);
            result[name] = (Enumerable.Range(0, (int)n).Select(_ => (float)(offset + (scale * ((random.NextDouble() * 2) - 1)))).ToArray(), shape);
        }

        Add("wte.weight", 0.5, 0, Vocab, Width);
        Add("wpe.weight", 0.3, 0, Positions, Width);
        for (var l = 0; l < Layers; l++)
        {
            var p = $"h.{l}.";
            Add(p + "ln_1.weight", 0.2, 1, Width);
            Add(p + "ln_1.bias", 0.2, 0, Width);
            Add(p + "attn.c_attn.weight", 0.5, 0, Width, 3 * Width);
            Add(p + "attn.c_attn.bias", 0.2, 0, 3 * Width);
            Add(p + "attn.c_proj.weight", 0.4, 0, Width, Width);
            Add(p + "attn.c_proj.bias", 0.2, 0, Width);
            Add(p + "ln_2.weight", 0.2, 1, Width);
            Add(p + "ln_2.bias", 0.2, 0, Width);
            Add(p + "mlp.c_fc.weight", 0.5, 0, Width, 4 * Width);
            Add(p + "mlp.c_fc.bias", 0.2, 0, 4 * Width);
            Add(p + "mlp.c_proj.weight", 0.3, 0, 4 * Width, Width);
            Add(p + "mlp.c_proj.bias", 0.2, 0, Width);
        }

        Add("ln_f.weight", 0.2, 1, Width);
        Add("ln_f.bias", 0.2, 0, Width);
        return result;
    }

    private string Write(
        Dictionary<string, (float[] Data, long[] Shape)> weights, string prefix, bool maskBuffers, bool tiedHead, (string Name, (float[] Data, long[] Shape) Value)? extra = null)
    {
        var tensors = weights.Select(kv => new KeyValuePair<string, Tensor>(prefix + kv.Key, tensor(kv.Value.Data, kv.Value.Shape))).ToList();
        if (maskBuffers)
        {
            for (var l = 0; l < Layers; l++)
            {
                tensors.Add(new($"{prefix}h.{l}.attn.bias", ones(Positions, Positions).tril().view(1, 1, Positions, Positions)));
                tensors.Add(new($"{prefix}h.{l}.attn.masked_bias", tensor(-1e4f)));
            }
        }

        if (tiedHead)
        {
            tensors.Add(new("lm_head.weight", tensor(weights["wte.weight"].Data, weights["wte.weight"].Shape)));
        }

        if (extra is { } e)
        {
            tensors.Add(new(e.Name, tensor(e.Value.Data, e.Value.Shape)));
        }

        var path = Path.Combine(dir, $"gpt2-{Guid.NewGuid():N}.safetensors");
        SafeTensors.Save(path, tensors);
        foreach (var (_, t) in tensors)
        {
            t.Dispose();
        }

        return path;
    }
}
