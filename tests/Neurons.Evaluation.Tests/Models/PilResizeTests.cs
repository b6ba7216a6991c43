using Neurons.Evaluation.Models;

namespace Neurons.Evaluation.Tests.Models;

public class PilResizeTests
{
    /// <summary>The 260×259 test pattern (rows i, columns j) the expected values were measured on with Pillow 9.4.0.</summary>
    private static RgbFrame Pattern(int h = 260, int w = 259)
    {
        var px = new byte[h * w * 3];
        for (var i = 0; i < h; i++)
        {
            for (var j = 0; j < w; j++)
            {
                var k = ((i * w) + j) * 3;
                px[k] = (byte)(((7 * i) + (3 * j)) % 256);
                px[k + 1] = (byte)(5 * i * j % 256);
                px[k + 2] = (byte)(((11 * i) + (13 * j)) % 256);
            }
        }

        return new RgbFrame(w, h, px);
    }

    private static int[] At(RgbFrame f, int row, int col) =>
        [f.Pixels[((row * f.Width) + col) * 3], f.Pixels[(((row * f.Width) + col) * 3) + 1], f.Pixels[(((row * f.Width) + col) * 3) + 2]];

    [Fact]
    public void Resize_Bilinear4To2_AntialiasesLikePil()
    {
        // Given a 4×1 ramp 0, 70, 140, 210 / When halved with bilinear / Then PIL's widened triangle gives 50, 160
        var frame = new RgbFrame(4, 1, [0, 0, 0, 70, 70, 70, 140, 140, 140, 210, 210, 210]);
        var r = PilResize.Resize(frame, 2, 1, ResampleFilter.Bilinear);
        Assert.Equal([50, 160], new[] { r.Pixels[0], r.Pixels[3] }.Select(b => (int)b));
    }

    [Theory]
    [InlineData(ResampleFilter.Bilinear, 19044810L, new[] { 2, 0, 4 }, new[] { 244, 146, 89 }, new[] { 25, 25, 55 })]
    [InlineData(ResampleFilter.Bicubic, 19044513L, new[] { 1, 0, 2 }, new[] { 253, 155, 88 }, new[] { 26, 28, 57 })]
    public void Resize_260x259To224_MatchesPillow(ResampleFilter filter, long sum, int[] p00, int[] p100_57, int[] p223)
    {
        // Given the reference layout's 260×259 frame size / When resized to 224² / Then pixels equal Pillow 9.4.0's
        var r = PilResize.Resize(Pattern(), 224, 224, filter);
        Assert.Equal(sum, r.Pixels.Sum(b => (long)b));
        Assert.Equal(p00, At(r, 0, 0));
        Assert.Equal(p100_57, At(r, 100, 57));
        Assert.Equal(p223, At(r, 223, 223));
    }

    [Fact]
    public void Resize_BicubicUpscale_MatchesPillow()
    {
        // Given the pattern's top-left 16×12 / When enlarged to 30×20 bicubic / Then equal to Pillow's
        var r = PilResize.Resize(Pattern(12, 16), 30, 20, ResampleFilter.Bicubic);
        Assert.Equal(173756L, r.Pixels.Sum(b => (long)b));
        Assert.Equal([31, 49, 77], At(r, 5, 7));
    }

    [Theory]
    [InlineData(259, 260, 224, 224)]
    [InlineData(320, 240, 298, 224)]
    [InlineData(224, 224, 224, 224)]
    public void ShortestEdgeSize_TruncatesLongSide(int w, int h, int ew, int eh)
    {
        // Given a frame size / When the short side becomes 224 / Then the long side is int(224·long/short)
        Assert.Equal((ew, eh), PilResize.ShortestEdgeSize(w, h, 224));
    }

    [Fact]
    public void CenterCrop_TakesTheMiddle()
    {
        // Given a 4×1 frame / When cropped to... a 1-row frame cannot be cropped to 2×2 / Then rejected; a 3×3 crops to its centre
        Assert.Throws<ArgumentException>(() => PilResize.CenterCrop(new RgbFrame(4, 1, new byte[12]), 2));
        var px = Enumerable.Range(0, 27).Select(i => (byte)i).ToArray();
        var c = PilResize.CenterCrop(new RgbFrame(3, 3, px), 1);
        Assert.Equal(new byte[] { 12, 13, 14 }, c.Pixels);
    }
}
