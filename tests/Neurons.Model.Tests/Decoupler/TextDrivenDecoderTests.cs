using Neurons.Model.Brain;
using Neurons.Model.Decoupler;
using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Decoupler;

public sealed class TextDrivenDecoderTests
{
    // The mini subset: 16 tokens of width 32, text 16.
    private static readonly DecouplerConfig Mini = DecouplerConfig.Tiny(16, 32, 16);

    [Fact]
    public void StateDict_KeysAndShapes_MatchCheckedInReferenceList()
    {
        // Given a small decoder (projector [16, 12, 8], decoder [16, 8], one layer per block)
        var config = new DecouplerConfig { Tokens = 4, Width = 6, TextWidth = 10, ProjectorChannels = [16, 12, 8], DecoderChannels = [16, 8], LayersPerBlock = 1, Groups = 4 };
        using var random = new RandomSource(1);
        using var decoder = new TextDrivenDecoder(config, random);

        // When its state dict is listed as "key shape"
        var actual = decoder.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToList();

        // Then it equals the list derived from the PyTorch attribute names (BrainModel_neurons.py, video_decoder.py, diffusers)
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Decoupler", "text_seg_dec_small.txt"))
            .Where(l => l.Length > 0).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Forward_PaperChannelsOnSmallGrid_ReturnsSegmentationAndLatentMaps()
    {
        // Given the paper's projector/decoder channels and 32 groups on a 4×4 token grid, and 2 clips
        var config = DecouplerConfig.Paper(tokens: 16, width: 48, textWidth: 40);
        using var random = new RandomSource(1);
        using var decoder = new TextDrivenDecoder(config, random);
        decoder.eval();
        using var vision = randn(12, 16, 48);
        using var text = randn(2, 40);

        // When decoded
        using var output = decoder.Forward(vision, text);

        // Then the heads give [12, 1, 16, 16] logits and [12, 4, 16, 16] latents (side 4·√N)
        Assert.Equal(new long[] { 12, 1, 16, 16 }, output.Segmentation.shape);
        Assert.Equal(new long[] { 12, 4, 16, 16 }, output.Reconstruction.shape);
        Assert.True(output.Segmentation.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData(DecouplerAttention.PerClip)]
    [InlineData(DecouplerAttention.PerClipResidual)]
    public void Forward_PerClip_ClipAloneEqualsSameClipInsideBatch(DecouplerAttention attention)
    {
        // Given a per-clip decoder in evaluation mode and a batch of 3 clips
        using var random = new RandomSource(3);
        using var decoder = new TextDrivenDecoder(Mini with { Attention = attention }, random);
        decoder.eval();
        using var g = new Generator(7);
        using var vision = randn([18, 16, 32], generator: g);
        using var text = randn([3, 16], generator: g);

        // When clip 1 is decoded alone and inside the batch
        using var batch = decoder.Forward(vision, text);
        using var aloneVision = vision.narrow(0, 6, 6);
        using var aloneText = text.narrow(0, 1, 1);
        using var alone = decoder.Forward(aloneVision, aloneText);

        // Then its six frames' outputs are the same
        using var batchSeg = batch.Segmentation.narrow(0, 6, 6);
        using var batchRec = batch.Reconstruction.narrow(0, 6, 6);
        Assert.True(alone.Segmentation.allclose(batchSeg, rtol: 1e-4, atol: 1e-5));
        Assert.True(alone.Reconstruction.allclose(batchRec, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Forward_Reference_ClipAloneDiffersFromSameClipInsideBatch()
    {
        // Given the same decoder weights in the authors' batch-wide mode
        using var random = new RandomSource(3);
        using var decoder = new TextDrivenDecoder(Mini with { Attention = DecouplerAttention.Reference }, random);
        decoder.eval();
        using var g = new Generator(7);
        using var vision = randn([18, 16, 32], generator: g);
        using var text = randn([3, 16], generator: g);

        // When clip 1 is decoded alone and inside the batch
        using var batch = decoder.Forward(vision, text);
        using var alone = decoder.Forward(vision.narrow(0, 6, 6), text.narrow(0, 1, 1));

        // Then the batch-mates change its output (cross-attention over all texts, temporal attention over 18 frames)
        using var batchSeg = batch.Segmentation.narrow(0, 6, 6);
        using var diff = alone.Segmentation.sub(batchSeg).abs().max();
        Assert.True(diff.item<float>() > 1e-3, $"max difference {diff.item<float>()}");
    }

    [Fact]
    public void Forward_PerClip_CrossAttentionOverOneTextVectorIgnoresVisionTokens()
    {
        // Given a per-clip decoder without the residual: softmax over a clip's single text vector is 1 for every token
        using var random = new RandomSource(3);
        using var decoder = new TextDrivenDecoder(Mini with { Attention = DecouplerAttention.PerClip }, random);
        decoder.eval();
        using var text = randn(1, 16);
        using var vision1 = randn(6, 16, 32);
        using var vision2 = randn(6, 16, 32);

        // When two different vision inputs are decoded with the same text
        using var a = decoder.Forward(vision1, text);
        using var b = decoder.Forward(vision2, text);

        // Then the outputs are equal: in the paper's per-clip reading only the text reaches the decoder
        Assert.True(a.Segmentation.allclose(b.Segmentation, rtol: 1e-5, atol: 1e-6));
        Assert.True(a.Reconstruction.allclose(b.Reconstruction, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_PerClipResidual_OutputDependsOnTheVisionTokens()
    {
        // Given the default decoder (per-clip attention plus the query residual)
        using var random = new RandomSource(3);
        using var decoder = new TextDrivenDecoder(Mini, random);
        decoder.eval();
        using var text = randn(1, 16);
        using var vision1 = randn(6, 16, 32);
        using var vision2 = randn(6, 16, 32);

        // When two different vision inputs are decoded with the same text
        using var a = decoder.Forward(vision1, text);
        using var b = decoder.Forward(vision2, text);

        // Then the maps differ: the brain tokens reach the decoder
        using var diff = a.Segmentation.sub(b.Segmentation).abs().max();
        Assert.True(diff.item<float>() > 1e-3, $"max difference {diff.item<float>()}");
    }

    [Fact]
    public void Forward_Training_DropoutDrawsFromTheRandomSource()
    {
        // Given two decoders with the same weights and random sources with the same seed
        using var random1 = new RandomSource(11);
        using var random2 = new RandomSource(11);
        using var first = new TextDrivenDecoder(Mini with { Attention = DecouplerAttention.Reference }, random1);
        using var second = new TextDrivenDecoder(Mini with { Attention = DecouplerAttention.Reference }, random2);
        second.load_state_dict(first.state_dict());
        using var vision = randn(12, 16, 32);
        using var text = randn(2, 16);

        // When both run in training mode, twice
        using var a1 = first.Forward(vision, text);
        using var b1 = second.Forward(vision, text);
        using var a2 = first.Forward(vision, text);

        // Then the same draws give equal outputs, and the next draws differ
        Assert.True(a1.Segmentation.allclose(b1.Segmentation, rtol: 0, atol: 0));
        Assert.False(a1.Segmentation.allclose(a2.Segmentation));
    }

    [Fact]
    public void Forward_VisionNotSixFramesPerText_ThrowsNamingExpectedShape()
    {
        using var random = new RandomSource(1);
        using var decoder = new TextDrivenDecoder(Mini, random);
        using var vision = zeros(10, 16, 32);
        using var text = zeros(2, 16);
        var ex = Assert.Throws<ArgumentException>(() => decoder.Forward(vision, text));
        Assert.Contains("expected [12, 16, 32]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DecouplerAttention.PerClip)]
    [InlineData(DecouplerAttention.PerClipResidual)]
    [InlineData(DecouplerAttention.Reference)]
    public void Train_FewAdamSteps_ReduceSegmentationPlusReconstructionLoss(DecouplerAttention attention)
    {
        // Given the mini decoder, a fixed batch of 2 clips, key-object masks and latents
        using var random = new RandomSource(5);
        using var decoder = new TextDrivenDecoder(Mini with { Attention = attention }, random);
        using var g = new Generator(9);
        using var vision = randn([12, 16, 32], generator: g);
        using var text = randn([2, 16], generator: g);
        using var masks = rand([2, 6, 16, 16], generator: g).gt(0.6);
        using var latents = randn([12, 4, 8, 8], generator: g);
        using var optimizer = optim.Adam(decoder.parameters(), lr: 5e-3);
        var before = EvalLoss(decoder, vision, text, masks, latents);

        // When it takes 8 optimisation steps (training mode, dropout on)
        decoder.train();
        for (var step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using var output = decoder.Forward(vision, text);
            var loss = DecouplerLosses.Segmentation(output.Segmentation, masks).add(DecouplerLosses.Reconstruction(output.Reconstruction, latents));
            loss.backward();
            optimizer.step();
        }

        // Then the evaluation loss went down
        var after = EvalLoss(decoder, vision, text, masks, latents);
        Assert.True(after < before * 0.95, $"loss {before} → {after}");
    }

    [Fact]
    public void FitLatentStandardization_HandMadeLatents_GivesPooledMeanAndRmsDeviation_AndTheHeadStartsFromTheMean()
    {
        // Given a 1-token decoder (output side 1) that standardizes latents, and two clips of one frame whose 4 latent
        // channels are 2×2 maps: clip 0 all 1, clip 1 channel c holding [c, c, c, c + 4]
        var config = new DecouplerConfig { Tokens = 1, Width = 4, TextWidth = 4, Frames = 1, ProjectorChannels = [4], DecoderChannels = [4], LayersPerBlock = 1, Groups = 2, StandardizeLatents = true };
        using var random = new RandomSource(1);
        using var decoder = new TextDrivenDecoder(config, random);
        var second = Enumerable.Range(0, 4).SelectMany(c => new float[] { c, c, c, c + 4 }).ToArray();
        using var latents = cat([ones([1, 1, 4, 2, 2]), tensor(second).reshape(1, 1, 4, 2, 2)], 0);

        // When it is fitted on them, and the reconstruction head's weights are zeroed so its z is 0
        decoder.FitLatentStandardization(latents);
        var state = decoder.state_dict();
        using (no_grad())
        {
            decoder.named_parameters().Where(p => p.name.StartsWith("recon_head.", StringComparison.Ordinal)).ToList().ForEach(p => p.parameter.zero_());
        }

        decoder.eval();
        using var output = decoder.Forward(randn(1, 1, 4), randn(1, 4));

        // Then μ_L of channel c is [(1+c)/2 ×3, (5+c)/2], and the one output cell (a nearest resize 1 → 2 reads it for all
        // 4 cells) is their mean (8 + 4c)/8 = 1, 1.5, 2, 2.5; the squared deviations average (3(1−c)² + (3+c)²)/16 =
        // 0.75, 1, 1.75, 3 per channel, so s = √1.625; and the head's output is μ itself
        float[] expectedMean = [1f, 1.5f, 2f, 2.5f];
        Assert.Equal(new long[] { 4, 1, 1 }, state["latent_mean"].shape);
        Assert.Equal(expectedMean, state["latent_mean"].flatten().data<float>().ToArray());
        Assert.Equal(Math.Sqrt(1.625), state["latent_scale"].item<float>(), 6);
        Assert.Equal(Math.Sqrt(1.625), decoder.LatentLossUnit, 6);
        Assert.Equal(expectedMean, output.Reconstruction.flatten().data<float>().ToArray());
    }

    [Fact]
    public void FitLatentStandardization_WithoutTheOption_LeavesTheReferenceHeadAndUnit()
    {
        // Given the mini decoder without the option
        using var random = new RandomSource(1);
        using var decoder = new TextDrivenDecoder(Mini, random);

        // When it is "fitted" on latents
        decoder.FitLatentStandardization(ones([2, 6, 4, 28, 28]));

        // Then it has no latent buffers and the loss unit is 1 (the reference's plain L1)
        Assert.DoesNotContain(decoder.state_dict().Keys, k => k.StartsWith("latent_", StringComparison.Ordinal));
        Assert.Equal(1.0, decoder.LatentLossUnit);
    }

    private static double EvalLoss(TextDrivenDecoder decoder, Tensor vision, Tensor text, Tensor masks, Tensor latents)
    {
        decoder.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var output = decoder.Forward(vision, text);
        return DecouplerLosses.Segmentation(output.Segmentation, masks).add(DecouplerLosses.Reconstruction(output.Reconstruction, latents)).item<float>();
    }
}
