using Neurons.Testing.Onnx;
using Neurons.Vision.Targets;

namespace Neurons.Vision.Tests.Targets;

public sealed class RidgeProjectionTests
{
    [Fact]
    public void Fit_WhenDataFollowsAKnownLinearMap_RecoversItWithR2OneAndPerfectRetrieval()
    {
        // Given 200 rows x (6-d) and y = x · B (4-d) for a known B
        var random = new FixtureRandom(7);
        var b = random.Floats(6 * 4, 1f);
        var x = Enumerable.Range(0, 200).Select(_ => random.Floats(6, 1f)).ToList();
        var y = x.Select(r => Enumerable.Range(0, 4).Select(k => Enumerable.Range(0, 6).Sum(i => r[i] * b[(i * 4) + k])).ToArray()).ToList();

        // When fitted with a tiny penalty
        var projection = RidgeProjection.Fit(x, y, 1e-6);
        var (r2, top1) = projection.Evaluate(x, y);

        // Then B comes back, R² ≈ 1 and every row retrieves its own target
        Assert.Equal((6, 4), (projection.Inputs, projection.Outputs));
        for (var i = 0; i < b.Length; i++)
        {
            Assert.Equal(b[i], projection.Weights[i], 3);
        }

        Assert.True(r2 > 0.999999, $"R² {r2}");
        Assert.Equal(1.0, top1);
    }

    [Fact]
    public void Fit_WhenPenaltyIsLarge_ShrinksWeightsTowardZero()
    {
        // Given one input equal to the output
        float[][] x = [[1f], [2f], [3f]];
        float[][] y = [[1f], [2f], [3f]];

        // When fitted with λ = 14 (XᵀX = 14)
        var projection = RidgeProjection.Fit(x, y, 14);

        // Then w = 14 / (14 + 14) = 0.5
        Assert.Equal(0.5f, projection.Weights[0], 6);
    }

    [Fact]
    public void Fit_WhenInputsAreCollinearAndPenaltyIsZero_ThrowsNamingThePenalty()
    {
        // Given two identical input columns (XᵀX singular) and no penalty
        float[][] x = [[1f, 1f], [2f, 2f], [3f, 3f]];
        float[][] y = [[1f], [2f], [3f]];

        // When / Then the fit refuses in one line that says to raise the penalty
        var error = Assert.Throws<InvalidOperationException>(() => RidgeProjection.Fit(x, y, 0));
        Assert.Equal("ridge system XᵀX + λI (λ = 0) is not positive definite; raise the penalty", error.Message);
    }

    [Fact]
    public void Fit_WithTwoInputs_MatchesTheClosedFormSolution()
    {
        // Given x = [[1,0],[0,1],[1,1]], y = [1,2,4] and λ = 1: XᵀX + I = [[3,1],[1,3]], Xᵀy = [5,6]
        float[][] x = [[1f, 0f], [0f, 1f], [1f, 1f]];
        float[][] y = [[1f], [2f], [4f]];

        // When fitted
        var projection = RidgeProjection.Fit(x, y, 1);

        // Then w = [[3,1],[1,3]]⁻¹ [5,6] = [9/8, 13/8]
        Assert.Equal(9f / 8, projection.Weights[0], 6);
        Assert.Equal(13f / 8, projection.Weights[1], 6);
    }

    [Fact]
    public void Estimate_WhenPaperConfiguration_CountsFloat32ListValues()
    {
        // Given 6 frames of 256 × 1664 tokens, 1280-d text, 6 × 4 × 28 × 28 latents
        var estimate = new TargetSizeEstimate(6, 256, 1664, 1280, 6 * 4 * 28 * 28);

        // When / Then one clip is 4·6·256·1664 + 4·2·1280 + 4·18816 + 4·1664 + 512 bytes (float16 values stored as float32)
        Assert.Equal((4L * 6 * 256 * 1664) + (8L * 1280) + (4L * 18816) + (4L * 1664) + 512, estimate.BytesPerClip);
        Assert.Equal("9.8 MiB", TargetSizeEstimate.Format(estimate.BytesPerClip));
    }
}
