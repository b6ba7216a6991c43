using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Losses;

public sealed class SoftDiceLossTests
{
    [Fact]
    public void Compute_TwoSamples_SumsOverTheWholeBatchAtOnce()
    {
        // Given logits [0, ln 3] and [−ln 3, 0] (p = [0.5, 0.75] and [0.25, 0.5]) with masks [1, 1] and [0, 0]
        var ln3 = (float)Math.Log(3);
        using var logits = tensor(new float[] { 0, ln3, -ln3, 0 }).reshape(2, 1, 1, 2);
        using var masks = tensor(new float[] { 1, 1, 0, 0 }).reshape(2, 1, 1, 2);

        // When the soft Dice loss is computed
        using var loss = SoftDiceLoss.Compute(logits, masks);

        // Then Σp·m = 1.25, Σp = 2, Σm = 2: 1 − (2.5 + 1e-7)/(4 + 1e-7) = 0.375 (a per-sample mean would give 0.615)
        Assert.Equal(1 - ((2.5 + 1e-7) / (4 + 1e-7)), loss.item<float>(), 6);
        Assert.Equal(0.375, loss.item<float>(), 6);
    }

    [Fact]
    public void Compute_EmptyMaskAndConfidentEmptyPrediction_IsZeroThanksToSmoothing()
    {
        // Given no object and logits of −100 (p ≈ 3.7e-44) in float64
        using var logits = full(new long[] { 2, 1, 2, 2 }, -100.0, dtype: ScalarType.Float64);
        using var masks = zeros(new long[] { 2, 1, 2, 2 }, dtype: ScalarType.Float64);

        // When the loss is computed
        using var loss = SoftDiceLoss.Compute(logits, masks);

        // Then Dice = 1e-7 / (8·3.7e-44 + 1e-7) ≈ 1 and the loss ≈ 0
        Assert.Equal(0.0, loss.item<double>(), 12);
    }

    [Fact]
    public void Compute_ShapesDiffer_Throws()
    {
        using var logits = zeros(2, 1, 4, 4);
        using var masks = zeros(2, 1, 8, 8);
        var ex = Assert.Throws<ArgumentException>(() => SoftDiceLoss.Compute(logits, masks));
        Assert.Contains("[2, 1, 8, 8]", ex.Message, StringComparison.Ordinal);
    }
}
