using Neurons.Evaluation.Frames;
using Neurons.Testing.Evaluation;

namespace Neurons.Evaluation.Tests.Frames;

public class SsimTests
{
    private static readonly SsimOptions TwoD = new() { Variant = SsimVariant.TwoDimensional };

    [Fact]
    public void GaussianWindow_AtSigma15_HasElevenSpecTaps()
    {
        // Given σ 1.5 and truncate 3.5 / When the kernel is built / Then it has 11 taps with the Gaussian's normalised weights
        var g = GaussianWindow.Create(1.5, 3.5);
        Assert.Equal(11, g.Length);
        double[] expected = [0.00102838, 0.00759876, 0.03600077, 0.10936069, 0.21300554, 0.26601172];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], g[i], 8);
            Assert.Equal(g[i], g[10 - i], 15);
        }
    }

    [Theory]
    [InlineData(-1, 5, 0)]
    [InlineData(-2, 5, 1)]
    [InlineData(5, 5, 4)]
    [InlineData(6, 5, 3)]
    [InlineData(-7, 3, 0)]
    public void Reflect_IsHalfSampleSymmetric(int index, int length, int expected)
    {
        // Given an index outside the signal / When reflected / Then scipy's 'reflect' rule applies
        Assert.Equal(expected, GaussianWindow.Reflect(index, length));
    }

    [Fact]
    public void Compute1D_WorkedExampleS1_MatchesScikitImage()
    {
        // Given S1: x = i/19, y = (i/19)² for i = 0..19
        var x = Enumerable.Range(0, 20).Select(i => i / 19.0).ToArray();
        var y = x.Select(v => v * v).ToArray();

        // When / Then
        Assert.Equal(0.7481683500, Ssim.Compute1D(x, y), 1e-10);
    }

    [Fact]
    public void Compute_WorkedExampleS2_MatchesBothVariantsAndColumnZero()
    {
        // Given S2 (16×12)
        var (a, b) = SpecImages.S2();

        // When computed as true 2-D, as the reference quirk, and on column 0 alone
        var twoD = Ssim.Compute(a, b, TwoD);
        var quirk = Ssim.Compute(a, b);
        var column0 = Ssim.Compute1D(
            Enumerable.Range(0, 16).Select(i => a[i, 0]).ToArray(),
            Enumerable.Range(0, 16).Select(i => b[i, 0]).ToArray());

        // Then each matches scikit-image 0.19.3
        Assert.Equal(0.9658057023, twoD, 1e-10);
        Assert.Equal(0.9694485305, quirk, 1e-10);
        Assert.Equal(0.9800543752, column0, 1e-10);
    }

    [Fact]
    public void Compute_WorkedExampleS3_GrayFromRgbQuirk()
    {
        // Given S3's uint8 RGB images converted with rgb2gray
        var (p, q) = SpecImages.S3();
        var gp = Grayscale.FromRgb(p, 12, 16);
        var gq = Grayscale.FromRgb(q, 12, 16);

        // When / Then the quirk SSIM matches
        Assert.Equal(0.8723993051, Ssim.Compute(gp, gq), 1e-10);
    }

    [Theory]
    [InlineData(SsimVariant.Reference)]
    [InlineData(SsimVariant.TwoDimensional)]
    public void Compute_OnRandomFrames_EqualsStraightforwardImplementation(SsimVariant variant)
    {
        // Given two correlated random 37×29 gray images
        var random = new Random(7);
        var a = Enumerable.Range(0, 37 * 29).Select(_ => random.NextDouble()).ToArray();
        var b = a.Select(v => Math.Clamp(v + ((random.NextDouble() - 0.5) * 0.4), 0, 1)).ToArray();
        var x = new GrayImage(37, 29, a);
        var y = new GrayImage(37, 29, b);

        // When computed separably and from the definition / Then they agree
        var fast = Ssim.Compute(x, y, new SsimOptions { Variant = variant });
        Assert.Equal(StraightforwardSsim.Compute(x, y, variant == SsimVariant.TwoDimensional), fast, 12);
        Assert.InRange(fast, 0.1, 0.99);
    }

    [Theory]
    [InlineData(SsimVariant.Reference)]
    [InlineData(SsimVariant.TwoDimensional)]
    public void Compute_WhenIdentical_IsOne(SsimVariant variant)
    {
        // Given a frame compared with itself / When / Then SSIM is exactly 1 up to rounding
        var (a, _) = SpecImages.S2();
        Assert.Equal(1.0, Ssim.Compute(a, a, new SsimOptions { Variant = variant }), 12);
    }

    [Fact]
    public void Compute_WhenSmallerThanWindow_Throws()
    {
        // Given a 12-wide image in 2-D mode but only 10 rows / When computed / Then it is rejected
        var img = new GrayImage(12, 10, new double[120]);
        Assert.Throws<ArgumentException>(() => Ssim.Compute(img, img, TwoD));
    }
}
