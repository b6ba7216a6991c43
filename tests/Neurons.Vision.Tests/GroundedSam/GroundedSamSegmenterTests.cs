using Neurons.Testing.Vision;
using Neurons.Vision.GroundedSam;
using Neurons.Vision.Imaging;

namespace Neurons.Vision.Tests.GroundedSam;

public sealed class GroundedSamSegmenterTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void Segment_WhenTwoObjectsFound_EncodesFrameOnceAndDecodesOncePerObject()
    {
        // Given Grounding DINO firing on "dog" and "ball", and the box-mask SAM fixture
        using var segmenter = new GroundedSamSegmenter(
            fixture.Detector(
            [
                new(TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
                new(TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
            ]),
            fixture.Sam());
        var caption = segmenter.Caption(["dog", "ball", "car"]);

        // When two frames are segmented
        var first = segmenter.Segment(VisionFixture.Gray(224, 224), caption);
        var second = segmenter.Segment(VisionFixture.Gray(224, 224, 30), caption);

        // Then each frame has the dog and ball masks (car not found), the encoder ran once per frame
        Assert.Equal(["dog", "ball"], first.Select(o => o.Phrase));
        Assert.Equal(new PixelBox(84f, 56f, 140f, 168f), first[0].Box);
        Assert.Equal(56 * 112, first[0].Mask.Area);
        Assert.Equal(28 * 28, first[1].Mask.Area);
        Assert.True(first[1].Mask.Pixels[(154 * 224) + 42]);
        Assert.Equal(2, second.Count);
        Assert.Equal(2, segmenter.Sam.EncoderRuns);
        Assert.Equal(4, segmenter.Sam.DecoderRuns);
        Assert.Equal(2, segmenter.Detector.Runs);
    }

    [Fact]
    public void Segment_WhenNothingDetected_DoesNotRunSam()
    {
        // Given a detector that never fires
        using var segmenter = new GroundedSamSegmenter(fixture.Detector([]), fixture.Sam());

        // When a frame is segmented
        var objects = segmenter.Segment(VisionFixture.Gray(64, 64), segmenter.Caption(["dog"]));

        // Then nothing is returned and neither SAM model ran
        Assert.Empty(objects);
        Assert.Equal((0, 0), (segmenter.Sam.EncoderRuns, segmenter.Sam.DecoderRuns));
    }

    public void Dispose() => fixture.Dispose();
}
