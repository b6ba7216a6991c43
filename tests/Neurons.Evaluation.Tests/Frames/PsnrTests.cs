using Neurons.Evaluation.Frames;

namespace Neurons.Evaluation.Tests.Frames;

public class PsnrTests
{
    [Fact]
    public void Compute_WhenConstant100Vs110_Is28dB()
    {
        // Given constant frames 100 and 110 / When / Then 10·log10(255²/100)
        var a = Enumerable.Repeat((byte)100, 30).ToArray();
        var b = Enumerable.Repeat((byte)110, 30).ToArray();
        Assert.Equal(28.1308036087, Psnr.Compute(a, b), 1e-9);
    }

    [Fact]
    public void Compute_WorkedExampleS3_MatchesScikitImage()
    {
        // Given S3's RGB images / When / Then
        var (p, q) = SpecImages.S3();
        Assert.Equal(25.4915265819, Psnr.Compute(p, q), 1e-9);
    }

    [Fact]
    public void Compute_WhenIdentical_IsInfinityAndCapApplies()
    {
        // Given identical frames / When / Then +∞, capped to 100 dB
        var a = new byte[] { 1, 2, 3 };
        var psnr = Psnr.Compute(a, a);
        Assert.Equal(double.PositiveInfinity, psnr);
        Assert.Equal(100.0, Psnr.Cap(psnr));
        Assert.Equal(28.0, Psnr.Cap(28.0));
    }

    [Fact]
    public void Compute_WhenOneByteDiffersIn224Frame_IsJustBelowCap()
    {
        // Given a 224² RGB frame with one value off by one / When / Then 10·log10(255²·150528) ≈ 99.9 dB < the cap
        var a = new byte[224 * 224 * 3];
        var b = (byte[])a.Clone();
        b[17] = 1;
        Assert.Equal(10 * Math.Log10(255.0 * 255 * 150528), Psnr.Compute(a, b), 9);
        Assert.True(Psnr.Compute(a, b) < Psnr.DefaultCapDb);
    }
}
