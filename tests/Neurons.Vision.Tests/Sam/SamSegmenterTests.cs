using Neurons.Testing.Onnx;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Sam;

namespace Neurons.Vision.Tests.Sam;

public sealed class SamSegmenterTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void BoxPrompt_WhenFrameIs224_ScalesCornersToThe1024FrameWithLabels2And3()
    {
        // Given a box on a 224² frame (scale 1024/224)
        var (_, _, scale) = SamSegmenter.ResizedSize(224, 224, 1024);

        // When it becomes a prompt
        var (coords, labels) = SamSegmenter.BoxPrompt(new PixelBox(84f, 56f, 140f, 168f), scale);

        // Then the corners are scaled and labelled top-left 2, bottom-right 3
        Assert.Equal(84f * 1024f / 224f, coords[0], 3);
        Assert.Equal(168f * 1024f / 224f, coords[3], 3);
        Assert.Equal([2f, 3f], labels);
    }

    [Theory]
    [InlineData(224, 224, 1024, 1024)]
    [InlineData(640, 480, 1024, 768)]
    [InlineData(100, 301, 340, 1024)]
    public void ResizedSize_WhenGivenImageSize_MakesLongSide1024Rounded(int w, int h, int ew, int eh)
    {
        // When the resize target is computed (ResizeLongestSide.get_preprocess_shape)
        var (rw, rh, _) = SamSegmenter.ResizedSize(w, h, 1024);

        // Then the long side is 1024 and the other rounded half up
        Assert.Equal((ew, eh), (rw, rh));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_WhenBoxGiven_ReturnsMaskOfPixelsWhoseCentresLieInsideTheBox(bool builtIn)
    {
        // Given the encoder (caller-side or built-in preprocessing) and the box decoder fixture
        using var sam = fixture.Sam(builtIn);
        var frame = VisionFixture.Gray(224, 224);

        // When the frame is encoded once and decoded for box (84, 56)–(140, 168)
        var embedding = sam.Encode(frame);
        var mask = sam.Decode(embedding, new PixelBox(84f, 56f, 140f, 168f));

        // Then the mask is the 56×112 rectangle at frame size, with the decoder's IoU
        Assert.Equal(builtIn, sam.BuiltInPreprocessing);
        Assert.Equal((224, 224), (mask.Width, mask.Height));
        Assert.Equal(56 * 112, mask.Area);
        Assert.True(mask.Pixels[(56 * 224) + 84]);
        Assert.True(mask.Pixels[(167 * 224) + 139]);
        Assert.False(mask.Pixels[(55 * 224) + 84]);
        Assert.False(mask.Pixels[(56 * 224) + 140]);
        Assert.Equal(0.9f, mask.PredictedIou);
        Assert.Equal((1, 1), (sam.EncoderRuns, sam.DecoderRuns));
    }

    [Fact]
    public void Encode_WhenPreprocessingIsExternal_FeedsNormalisedZeroPaddedSquare()
    {
        // Given a 2:1 image of value 255 (resized to 1024×512, padded to 1024×1024)
        using var sam = fixture.Sam();
        var (data, shape) = sam.Preprocess(VisionFixture.Gray(448, 224, 255));

        // Then the top half is (255 - mean)/std per channel and the bottom half is zero padding
        Assert.Equal([1L, 3, 1024, 1024], shape);
        Assert.Equal((255f - 123.675f) / 58.395f, data[0], 4);
        Assert.Equal((255f - 103.53f) / 57.375f, data[(2 * 1024 * 1024) + (511 * 1024) + 1023], 4);
        Assert.Equal(0f, data[512 * 1024]);
    }

    [Fact]
    public void Threshold_WhenSeveralMasks_PicksHighestIouAndKeepsOnlyPositiveLogits()
    {
        // Given two 2×1 masks with IoU 0.2 and 0.7
        float[] logits = [5f, 5f, 0f, 0.001f];
        float[] iou = [0.2f, 0.7f];

        // When thresholded at 0
        var mask = SamSegmenter.Threshold(logits, [1, 2, 1, 2], iou, 0f);

        // Then the second mask is chosen and a logit of exactly 0 is background
        Assert.Equal([false, true], mask.Pixels);
        Assert.Equal(0.7f, mask.PredictedIou);
    }

    [Fact]
    public void Load_WhenDecoderLacksOrigImSize_FailsNamingIt()
    {
        // Given a SAM2-style decoder without orig_im_size
        var g = new OnnxGraphBuilder("sam2_like");
        var e = g.Input("image_embeddings", OnnxDataType.Float, 1, 256, 64, 64);
        g.Input("point_coords", OnnxDataType.Float, 1, "num_points", 2);
        g.Input("point_labels", OnnxDataType.Float, 1, "num_points");
        g.Input("mask_input", OnnxDataType.Float, 1, 1, 256, 256);
        g.Input("has_mask_input", OnnxDataType.Float, 1);
        g.Output("masks", g.Identity(e), OnnxDataType.Float, 1, 256, 64, 64);
        g.Output("iou_predictions", g.ReduceMean(e, [2, 3], keepDims: false), OnnxDataType.Float, 1, 256);
        var decoder = fixture.Save("sam2_decoder.onnx", g.ToBytes());
        var encoder = fixture.Save("enc.onnx", VisionFixtureModels.SamEncoder(false));

        // When loaded
        var error = Assert.Throws<OnnxModelException>(() => SamSegmenter.Load(encoder, decoder, new SamOptions(), VisionFixture.SingleThread));

        // Then one line names the decoder file and the input
        Assert.StartsWith("sam-decoder model 'sam2_decoder.onnx' has no input 'orig_im_size'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => fixture.Dispose();
}
