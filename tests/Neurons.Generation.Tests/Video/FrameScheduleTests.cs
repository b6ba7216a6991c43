using Neurons.Generation.Video;

namespace Neurons.Generation.Tests.Video;

public sealed class FrameScheduleTests
{
    [Fact]
    public void Expand_SixFrames_GivesSixteenWithTheReferenceBlends()
    {
        // Given six one-value frames 0, 3, 6, ..., 15
        var frames = Enumerable.Range(0, 6).Select(k => new[] { 3f * k }).ToList();

        // When expanded (NEURONS cccat)
        var expanded = FrameSchedule.Expand(frames);

        // Then a, 0.67a + 0.33b, 0.33a + 0.67b, b, ... : 0, 0.99, 2.01, 3, 3.99, 5.01, 6, ...
        Assert.Equal(16, expanded.Length);
        Assert.Equal(0f, expanded[0][0]);
        Assert.Equal(0.99f, expanded[1][0], 5);
        Assert.Equal(2.01f, expanded[2][0], 5);
        Assert.Equal(3f, expanded[3][0]);
        Assert.Equal((0.67f * 12f) + (0.33f * 15f), expanded[13][0], 5);
        Assert.Equal(15f, expanded[15][0]);
    }

    [Fact]
    public void OutputFrames_AreEverySecondFromFour_AtBlurryPositionsOneAndAThirdToFourAndTwoThirds()
    {
        Assert.Equal([4, 6, 8, 10, 12, 14], FrameSchedule.OutputFrames);
        Assert.Equal([1.333, 2.0, 2.667, 3.333, 4.0, 4.667], FrameSchedule.OutputFrames.Select(f => Math.Round(FrameSchedule.BlurryPosition(f), 3)));

        // the conditioned keyframe (frame 0) is never shown
        Assert.DoesNotContain(0, FrameSchedule.OutputFrames);
    }

    [Fact]
    public void MeanMaskWeight_TwoFramesTwoByTwo_AveragesHalfAndOneThenResizesNearest()
    {
        // frame 0: object at (0,0); frame 1: object at (0,0) and (1,1)
        byte[] masks = [1, 0, 0, 0, 1, 0, 0, 1];
        var weight = FramePixels.MeanMaskWeight(masks, 2, 2, 4);

        // (0,0): (1+1)/2 = 1; (0,1): 0.5; (1,1): (0.5+1)/2 = 0.75; each source pixel covers a 2x2 block
        Assert.Equal(1f, weight[0]);
        Assert.Equal(1f, weight[5]);
        Assert.Equal(0.5f, weight[2]);
        Assert.Equal(0.75f, weight[15]);
        Assert.Equal(0.75f, weight[10]);
    }

    [Fact]
    public void ToBytes_RawDecoderOutput_ClampsAndTruncatesLikeTheReference()
    {
        // clamp(x/2 + 0.5) * 255 truncated: x = 0 -> 127 (127.5), x = 1 -> 255, x = -3 -> 0
        float[] chw = [0f, 1f, -3f];
        var bytes = new byte[3];
        FramePixels.ToBytes(chw, 1, 0.5f, 0.5f, bytes);
        Assert.Equal([127, 255, 0], bytes);
    }
}
