using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.Inference;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Inference;

public sealed class DecoupledDecoderTests : IDisposable
{
    private const int Voxels = 40;
    private readonly NeuronsDecoupledModel model;
    private readonly Tensor conceptText;

    public DecoupledDecoderTests()
    {
        // A tiny model with random weights: 16 tokens × 32, text 16, a 300-token GPT-2.
        var brain = BrainModelConfig.Tiny([Voxels], 16, 32, 16) with { Hidden = 32, Blocks = 1 };
        var config = DecoupledModelConfig.Tiny(brain, CaptionTokenizerKind.Gpt2, DecouplerAttention.PerClip) with { Gpt2 = Gpt2Config.Tiny(300, 64) };
        using var random = new RandomSource(11);
        manual_seed(5);
        model = new NeuronsDecoupledModel(config, random);
        var values = new float[51 * 16];
        var r = new Random(3);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((r.NextDouble() * 2) - 1);
        }

        conceptText = tensor(values, [51, 16]);
    }

    public void Dispose()
    {
        model.Dispose();
        conceptText.Dispose();
    }

    private static float[] Voxel(int clip) => Enumerable.Range(0, Voxels).Select(v => (float)Math.Sin((clip * 7.1) + (v * 0.37))).ToArray();

    private DecoupledDecoder Decoder() => new(model, conceptText, new DecodeSettings { StopId = 299, MaxCaptionTokens = 5 }, CPU);

    [Fact]
    public void Decode_OneClipAlone_EqualsTheSameClipInsideABatch()
    {
        // Given three clips with their own seeds
        long[] seeds = [ClipSeed.Of(0, 1, "test1_000"), ClipSeed.Of(0, 1, "test1_001"), ClipSeed.Of(0, 1, "test1_002")];
        var voxels = Enumerable.Range(0, 3).Select(Voxel).ToList();

        // When decoded as one batch, and clip 1 alone
        var batch = Decoder().Decode(voxels, 0, seeds);
        var alone = Decoder().Decode([voxels[1]], 0, [seeds[1]])[0];

        // Then clip 1's outputs are the same either way, to the bit
        var inBatch = batch[1];
        Assert.Equal(inBatch.Seed, alone.Seed);
        Assert.Equal(inBatch.TopConcept, alone.TopConcept);
        Assert.Equal(inBatch.Masks, alone.Masks);
        Assert.Equal(inBatch.CaptionIds, alone.CaptionIds);
        Assert.Equal(inBatch.ConceptScores, alone.ConceptScores);
        Assert.Equal(inBatch.BlurryLatents, alone.BlurryLatents);
        Assert.Equal(inBatch.KeyframeWeights, alone.KeyframeWeights);
        Assert.Equal(inBatch.KeyframeTokens, alone.KeyframeTokens);

        // And the shapes are the tiny model's: 51 scores, 6 masks of 16², 6 × 4 × 28² latents, 16 × 32 tokens
        Assert.Equal(51, alone.ConceptScores.Length);
        Assert.Equal((16, 6 * 16 * 16), (alone.MaskSize, alone.Masks.Length));
        Assert.Equal(6 * 4 * 28 * 28, alone.BlurryLatents.Length);
        Assert.Equal(16, alone.KeyframeWeights.Length);
        Assert.Equal(16 * 32, alone.KeyframeTokens.Length);
        Assert.All(alone.KeyframeWeights, w => Assert.InRange(w, 0.5f, 1f));
        Assert.Equal(Array.IndexOf(alone.ConceptScores, alone.ConceptScores.Max()), alone.TopConcept);
    }

    [Fact]
    public void Decode_SameClipOtherSeed_SamplesOtherPriorTokens()
    {
        // Given one clip decoded with two seeds and again with the first
        var voxels = new[] { Voxel(4) };
        var a = Decoder().Decode(voxels, 0, [1L])[0];
        var b = Decoder().Decode(voxels, 0, [2L])[0];
        var again = Decoder().Decode(voxels, 0, [1L])[0];

        // Then the same seed repeats exactly and another seed does not
        Assert.Equal(a.KeyframeTokens, again.KeyframeTokens);
        Assert.NotEqual(a.KeyframeTokens, b.KeyframeTokens);
    }

    [Fact]
    public void ClipSeed_Of_IsTheFirstEightBytesOfTheSha256LittleEndian()
    {
        // Given SHA-256("0/1/test1_007") / Then the seed is its first 8 bytes read little-endian
        var hash = System.Security.Cryptography.SHA256.HashData("0/1/test1_007"u8.ToArray());
        Assert.Equal(BitConverter.ToInt64(hash, 0), ClipSeed.Of(0, 1, "test1_007"));
        Assert.NotEqual(ClipSeed.Of(0, 1, "test1_007"), ClipSeed.Of(0, 2, "test1_007"));
    }
}
