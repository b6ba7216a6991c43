using Neurons.Model.Inference;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Inference;

public class LatentMaskingTests
{
    [Fact]
    public void Compose_TwoByTwoMapsToFour_MasksTheLatentWithHalfAndOne()
    {
        // Given segmentation logits [[1, -1], [-2, 3]] (sigmoid > 0.5 where the logit > 0) and a
        // 2-channel reconstruction: channel 0 [[2, 4], [6, 8]], channel 1 all -1
        using var seg = tensor(new float[] { 1, -1, -2, 3 }, [1, 1, 2, 2]);
        using var recon = tensor(new float[] { 2, 4, 6, 8, -1, -1, -1, -1 }, [1, 2, 2, 2]);

        // When composed at latent side 4 (nearest ×2: each value covers a 2×2 block)
        var (binary, weights, latents) = LatentMasking.Compose(seg, recon, 4);

        // Then binary [[1, 0], [0, 1]], m′ [[1, .5], [.5, 1]] and latents recon ⊙ m′ per block:
        // channel 0 [[2, 2], [3, 8]], channel 1 [[-1, -.5], [-.5, -1]]
        Assert.Equal(new byte[] { 1, 0, 0, 1 }, binary.data<byte>().ToArray());
        Assert.Equal(new long[] { 1, 1, 4, 4 }, weights.shape);
        float[] expected =
        [
            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 8, 8, 3, 3, 8, 8,
            -1, -1, -0.5f, -0.5f, -1, -1, -0.5f, -0.5f, -0.5f, -0.5f, -1, -1, -0.5f, -0.5f, -1, -1,
        ];
        Assert.Equal(expected, latents.data<float>().ToArray());
    }

    [Fact]
    public void Compose_ThreeToTwo_TakesSourceIndexFloorOfDestinationTimesOneAndAHalf()
    {
        // Given a 3×3 map with all logits positive except the centre, and reconstruction values 1..9
        using var seg = tensor(new float[] { 1, 1, 1, 1, -1, 1, 1, 1, 1 }, [1, 1, 3, 3]);
        using var recon = tensor(Enumerable.Range(1, 9).Select(v => (float)v).ToArray(), [1, 1, 3, 3]);

        // When composed at side 2 (torch nearest: source = floor(destination · 3/2) → rows/columns 0 and 1)
        var (_, _, latents) = LatentMasking.Compose(seg, recon, 2);

        // Then the picked values are 1, 2, 4, 5 with the centre (5) halved
        Assert.Equal(new float[] { 1, 2, 4, 2.5f }, latents.data<float>().ToArray());
    }

    [Fact]
    public void KeyframeWeights_TwoFramesOnFourByFour_AverageThenPickTheTokenGrid()
    {
        // Given two frames of m′ at 4×4: frame 0 all 1, frame 1 one at the top-left 2×2 block and 0.5 elsewhere
        var values = new float[2 * 16];
        for (var i = 0; i < 16; i++)
        {
            values[i] = 1f;
            values[16 + i] = (i / 4 < 2 && i % 4 < 2) ? 1f : 0.5f;
        }

        using var weights = tensor(values, [2, 1, 4, 4]);

        // When reduced to a 2×2 token grid for one clip of two frames
        using var keyframe = LatentMasking.KeyframeWeights(weights, 2, 2);

        // Then the frame mean is 1 on the top-left block and 0.75 elsewhere
        Assert.Equal(new long[] { 1, 4 }, keyframe.shape);
        Assert.Equal(new float[] { 1f, 0.75f, 0.75f, 0.75f }, keyframe.data<float>().ToArray());
    }
}
