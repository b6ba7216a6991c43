using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Losses;

public sealed class ContrastiveLossesTests
{
    // With preds = targs = I₂ and temperature 1, a row's log-softmax is −log(1 + e⁻¹) on the diagonal and
    // −log(1 + e) off it.
    private static readonly double Diag = Math.Log(1 + Math.Exp(-1));
    private static readonly double Off = Math.Log(1 + Math.E);

    [Fact]
    public void InfoNce_OnIdentityLogits_EqualsHandComputedCrossEntropy()
    {
        // Given two orthonormal predictions matching their targets
        using var eye2 = eye(2);

        // When the bidirectional InfoNCE is computed at temperature 1
        using var loss = ContrastiveLosses.InfoNce(eye2, eye2, 1.0);

        // Then it is log(1 + e⁻¹) = 0.313262
        Assert.Equal(Diag, loss.item<float>(), 5);
    }

    [Fact]
    public void BiMixCo_WithOneMixedSample_UsesSoftTargetsInBothDirections()
    {
        // Given sample 0 mixed with sample 1 at β = 0.7 and sample 1 unmixed (β = 1)
        using var eye2 = eye(2);
        using var perm = tensor(new long[] { 1, 0 });
        using var betas = tensor(new float[] { 0.7f, 1f });

        // When BiMixCo is computed at temperature 1
        using var loss = ContrastiveLosses.BiMixCo(eye2, eye2, 1.0, perm, betas);

        // Then targets are [[0.7, 0.3], [0, 1]]: rows (0.7·d + 0.3·o, d), columns (0.7·d, 0.3·o + d), averaged
        var expected = (((0.7 * Diag) + (0.3 * Off) + Diag) / 2 + ((0.7 * Diag) + (0.3 * Off) + Diag) / 2) / 2;
        Assert.Equal(0.4632617, expected, 6);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void BiMixCo_WhenSamplePermutedOntoItself_KeepsReferenceOverwriteOfDiagonal()
    {
        // Given the identity permutation (the reference writes 1 − β over the diagonal β)
        using var eye2 = eye(2);
        using var perm = tensor(new long[] { 0, 1 });
        using var betas = tensor(new float[] { 0.7f, 0.6f });

        // When BiMixCo is computed
        using var loss = ContrastiveLosses.BiMixCo(eye2, eye2, 1.0, perm, betas);

        // Then the targets are diag(0.3, 0.4): loss = (0.3 + 0.4)/2 · log(1 + e⁻¹)
        Assert.Equal(0.35 * Diag, loss.item<float>(), 5);
    }

    [Fact]
    public void SoftClip_OnIdentity_EqualsEntropyOfSoftTargets()
    {
        // Given preds = targs = I₂ at temperature 1, soft targets are softmax([1, 0]) = [0.731, 0.269]
        using var eye2 = eye(2);

        // When SoftCLIP is computed
        using var loss = ContrastiveLosses.SoftClip(eye2, eye2, 1.0);

        // Then it is 0.731·log(1+e⁻¹) + 0.269·log(1+e) = 0.582203
        var p = Math.E / (Math.E + 1);
        Assert.Equal(0.5822031, (p * Diag) + ((1 - p) * Off), 6);
        Assert.Equal(0.5822031, loss.item<float>(), 5);
    }

    [Fact]
    public void MixWith_MixesOnlySelectedSamplesAndResetsOtherBetasToOne()
    {
        // Given two samples, sample 0 selected with β = 0.25 and partner 1
        using var voxels = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var perm = tensor(new long[] { 1, 0 });
        using var betas = tensor(new float[] { 0.25f, 0.5f });
        using var select = tensor(new[] { true, false });

        // When mixed
        using var mixed = ContrastiveLosses.MixWith(voxels, perm, betas, select);

        // Then row 0 = 0.25·[1,2] + 0.75·[3,4] and row 1 is unchanged; the unmixed β becomes 1
        Assert.Equal(new float[] { 2.5f, 3.5f, 3, 4 }, mixed.Voxels.data<float>().ToArray());
        Assert.Equal(new float[] { 0.25f, 1f }, mixed.Betas.data<float>().ToArray());
        Assert.Equal(new float[] { 1, 2, 3, 4 }, voxels.data<float>().ToArray());
    }

    [Fact]
    public void MixCo_DrawsUShapedBetasAndMixesAboutHalf()
    {
        // Given 4000 samples and a seeded generator
        using var gen = new Generator(5);
        using var voxels = ones(4000, 3);

        // When MixCo draws its permutation, βs and selection
        using var mixed = ContrastiveLosses.MixCo(voxels, gen);

        // Then about half are mixed, βs lie in [0, 1] and Beta(0.15, 0.15) puts most mass near 0 and 1
        var selected = mixed.Selected.data<bool>().ToArray();
        var betas = mixed.Betas.data<float>().ToArray();
        var share = selected.Count(s => s) / 4000.0;
        Assert.InRange(share, 0.45, 0.55);
        Assert.All(betas, b => Assert.InRange(b, 0f, 1f));
        var mixedBetas = betas.Where((_, i) => selected[i]).ToArray();
        var extreme = mixedBetas.Count(b => b < 0.1 || b > 0.9) / (double)mixedBetas.Length;
        Assert.InRange(extreme, 0.6, 0.9); // Beta(0.15, 0.15): P(β < 0.1 or β > 0.9) ≈ 0.75
        Assert.All(betas.Where((_, i) => !selected[i]), b => Assert.Equal(1f, b));
    }

    [Fact]
    public void CosineAnneal_MatchesReferenceEndpointsAndMidpoint()
    {
        // Given the SoftCLIP schedule over 50 epochs
        // When annealed
        var temps = ContrastiveLosses.CosineAnneal(0.004, 0.0075, 50);

        // Then it starts at 0.004, ends at 0.0075 and passes the mean in the middle
        Assert.Equal(50, temps.Length);
        Assert.Equal(0.004, temps[0], 12);
        Assert.Equal(0.0075, temps[49], 12);
        Assert.Equal(0.00575, (temps[24] + temps[25]) / 2, 5);
    }
}
