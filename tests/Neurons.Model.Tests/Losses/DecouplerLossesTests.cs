using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Losses;

public sealed class DecouplerLossesTests
{
    [Fact]
    public void Segmentation_BinarisesAndNearestResizesMasksBeforeDice()
    {
        // Given logits 0 (p = 0.5) on a 2×2 map for 2 frames, and 4×4 masks valued 0/7: frame 0 full, frame 1 only at
        // (1, 1), which nearest-resizing to 2×2 (rows/cols 0 and 2) drops
        using var logits = zeros(2, 1, 2, 2);
        using var masks = zeros(new long[] { 1, 2, 4, 4 }, dtype: ScalarType.Byte);
        masks[0, 0].fill_(7);
        masks[0, 1, 1, 1].fill_(7);

        // When L_seg is computed
        using var loss = DecouplerLosses.Segmentation(logits, masks);

        // Then the target is [1,1,1,1 | 0,0,0,0]: Σp·m = 2, Σp = 4, Σm = 4, loss = 1 − 4/8 = 0.5
        Assert.Equal(0.5, loss.item<float>(), 6);
    }

    [Fact]
    public void Classification_IsMeanBinaryCrossEntropyWithLogits()
    {
        // Given logits [0, 2] and labels [1, 0]
        using var logits = tensor(new float[] { 0, 2 }).reshape(1, 2);
        using var labels = tensor(new float[] { 1, 0 }).reshape(1, 2);

        // When L_cls is computed
        using var loss = DecouplerLosses.Classification(logits, labels);

        // Then it is (ln 2 + ln(1 + e²)) / 2
        Assert.Equal((Math.Log(2) + Math.Log(1 + Math.Exp(2))) / 2, loss.item<float>(), 5);
    }

    [Fact]
    public void Reconstruction_NearestUpsamplesThenTakesMeanAbsoluteError()
    {
        // Given a 1×1 latent of value 3 and a 2×2 target [1, 2, 3, 4]
        using var recon = full(new long[] { 1, 1, 1, 1 }, 3f);
        using var target = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);

        // When L_rec is computed
        using var loss = DecouplerLosses.Reconstruction(recon, target);

        // Then mean(|3 − t|) = (2 + 1 + 0 + 1)/4 = 1
        Assert.Equal(1.0, loss.item<float>(), 6);
    }

    [Fact]
    public void Reconstruction_NearestDownsamplesToTheTargetSide()
    {
        // Given a 2×2 latent [1, 2, 3, 4] and a 1×1 target 0.5: nearest picks the top-left value
        using var recon = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        using var target = full(new long[] { 1, 1, 1, 1 }, 0.5f);

        // When L_rec is computed
        using var loss = DecouplerLosses.Reconstruction(recon, target);

        // Then it is |1 − 0.5|
        Assert.Equal(0.5, loss.item<float>(), 6);
    }

    [Fact]
    public void Reconstruction_WithAUnit_IsTheL1InThatUnit()
    {
        // Given a 1×1 latent of value 3, a 2×2 target [1, 2, 3, 4] and a latent unit of 0.25
        using var recon = full(new long[] { 1, 1, 1, 1 }, 3f);
        using var target = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);

        // When L_rec is computed in that unit
        using var loss = DecouplerLosses.Reconstruction(recon, target, 0.25);

        // Then it is mean(|3 − t|) / 0.25 = 1 / 0.25 = 4
        Assert.Equal(4.0, loss.item<float>(), 5);
    }
}
