using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Tests.Grounding;

public sealed class GroundingDinoDetectorTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void Detect_WhenQueriesFireOnEachPhrase_ReturnsPixelXyxyBoxPerPhrase()
    {
        // Given query 0 firing on "dog" (position 0) and query 1 on "ball" (position 0)
        using var detector = fixture.Detector(
        [
            new(TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
            new(TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
        ]);
        var caption = detector.Tokenizer.Encode(["dog", "ball"]);

        // When detecting on a 224×224 frame
        var detections = detector.Detect(VisionFixture.Gray(224, 224), caption);

        // Then each phrase gets its query's box in pixels and sigmoid score
        Assert.Equal(2, detections.Count);
        Assert.Equal(new GroundingDetection("dog", new PixelBox(84f, 56f, 140f, 168f), 1f / (1f + MathF.Exp(-3f)), 0), detections[0]);
        Assert.Equal(new GroundingDetection("ball", new PixelBox(42f, 154f, 70f, 182f), 1f / (1f + MathF.Exp(-2f)), 1), detections[1]);
        Assert.Equal(1, detector.Runs);
    }

    [Fact]
    public void Detect_WhenTwoQueriesFireOnOnePhrase_KeepsTheHigherScore()
    {
        // Given two queries on "dog", the second stronger
        using var detector = fixture.Detector(
        [
            new(TestVocabularies.BertId("dog"), 0, 1f, 0.1f, 0.1f, 0.1f, 0.1f),
            new(TestVocabularies.BertId("dog"), 0, 4f, 0.5f, 0.5f, 0.5f, 0.5f),
        ]);

        // When detecting
        var detections = detector.Detect(VisionFixture.Gray(100, 50), detector.Tokenizer.Encode(["dog"]));

        // Then query 1 wins, scaled to the 100×50 frame
        var d = Assert.Single(detections);
        Assert.Equal(1, d.Query);
        Assert.Equal(new PixelBox(25f, 12.5f, 75f, 37.5f), d.Box);
    }

    [Fact]
    public void Detect_WhenBestScoreIsAtOrBelowBoxThreshold_ReturnsNothing()
    {
        // Given a query with logit -0.619 (sigmoid 0.35) on "dog", exactly at the 0.35 box threshold
        var logit = MathF.Log(0.35f / 0.65f);
        using var detector = fixture.Detector([new(TestVocabularies.BertId("dog"), 0, logit, 0.5f, 0.5f, 0.2f, 0.2f)]);

        // When detecting
        var detections = detector.Detect(VisionFixture.Gray(64, 64), detector.Tokenizer.Encode(["dog"]));

        // Then the box threshold (strictly greater) drops it
        Assert.Empty(detections);
    }

    [Fact]
    public void Detect_WhenPositionIdsWouldBeWrong_QueryExpectingSecondWordPositionStillFires()
    {
        // Given a query that fires only on "car" at position 1 (the second word of "red car")
        using var detector = fixture.Detector([new(TestVocabularies.BertId("car"), 1, 3f, 0.5f, 0.5f, 0.5f, 0.5f)]);

        // When detecting with caption "red car . dog ."
        var detections = detector.Detect(VisionFixture.Gray(32, 32), detector.Tokenizer.Encode(["red car", "dog"]));

        // Then the phrase "red car" is found, proving position ids reached the model by name
        Assert.Equal("red car", Assert.Single(detections).Phrase);
    }

    [Fact]
    public void Load_WhenAnInputIsMissing_FailsWithOneLineNamingIt()
    {
        // Given a model whose text mask input is called "text_self_attention_masks"
        var g = new OnnxGraphBuilder("renamed");
        var img = g.Input("img", OnnxDataType.Float, "batch", 3, "height", "width");
        g.Input("input_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("attention_mask", OnnxDataType.Bool, "batch", "tokens");
        g.Input("position_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("token_type_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("text_self_attention_masks", OnnxDataType.Bool, "batch", "tokens", "tokens");
        g.Output("logits", g.ReduceMean(img, [1, 2, 3]), OnnxDataType.Float, "batch", 1, 1);
        g.Output("boxes", g.Identity(img), OnnxDataType.Float, "batch", 3, "height", "width");
        var path = fixture.Save("renamed.onnx", g.ToBytes());

        // When it is loaded
        var error = Assert.Throws<OnnxModelException>(() => GroundingDinoDetector.Load(path, fixture.Vocab, new GroundingDinoOptions(), VisionFixture.SingleThread));

        // Then the message names the file and the missing input on one line
        Assert.StartsWith("grounding-dino model 'renamed.onnx' has no input 'text_token_mask' (expected bool[?,?,?]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_WhenAnInputHasTheWrongType_FailsNamingTypes()
    {
        // Given a model whose attention_mask is int64 (some exports) instead of bool
        var g = new OnnxGraphBuilder("int_mask");
        g.Input("img", OnnxDataType.Float, "batch", 3, "height", "width");
        var ids = g.Input("input_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("attention_mask", OnnxDataType.Int64, "batch", "tokens");
        g.Input("position_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("token_type_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("text_token_mask", OnnxDataType.Bool, "batch", "tokens", "tokens");
        var f = g.Unsqueeze(g.Cast(ids, OnnxDataType.Float), 2);
        g.Output("logits", f, OnnxDataType.Float, "batch", "tokens", 1);
        g.Output("boxes", g.Expand(f, g.Concat(0, g.Shape(ids), g.Ints(4))), OnnxDataType.Float, "batch", "tokens", 4);
        var path = fixture.Save("int_mask.onnx", g.ToBytes());

        // When it is loaded
        var error = Assert.Throws<OnnxModelException>(() => GroundingDinoDetector.Load(path, fixture.Vocab, new GroundingDinoOptions(), VisionFixture.SingleThread));

        // Then the message states the actual and expected types
        Assert.Equal("grounding-dino model 'int_mask.onnx' input 'attention_mask' is int64[?,?], expected bool[?,?]", error.Message);
    }

    [Fact]
    public void Load_WhenModelFileIsMissing_FailsNamingThePath()
    {
        // Given no model file
        var path = fixture.Temp.File("absent.onnx");

        // When / Then loading names the file
        var error = Assert.Throws<OnnxModelException>(() => GroundingDinoDetector.Load(path, fixture.Vocab, new GroundingDinoOptions(), VisionFixture.SingleThread));
        Assert.Equal($"grounding-dino model file not found: {path}", error.Message);
    }

    [Theory]
    [InlineData(224, 224, 800, 800)]
    [InlineData(640, 480, 1066, 800)]
    [InlineData(2000, 500, 1332, 333)]
    public void InputSize_WhenKeepingAspect_ResizesShortSideCappedByMaxSize(int w, int h, int expectedW, int expectedH)
    {
        // Given the reference defaults (short side 800, long side at most 1333)
        // When the input size is computed
        var size = GroundingDinoDetector.InputSize(w, h, new GroundingDinoOptions());

        // Then it matches GroundingDINO's RandomResize([800], max_size=1333)
        Assert.Equal((expectedW, expectedH), size);
    }

    [Fact]
    public void Preprocess_WhenFixedSizeConfigured_StretchesAndNormalisesWithImageNetStats()
    {
        // Given the X-AnyLabeling fixed 1200×800 input and a uniform image of value 255
        using var detector = fixture.Detector([], new GroundingDinoOptions { FixedWidth = 12, FixedHeight = 8 });

        // When preprocessed
        var data = detector.Preprocess(VisionFixture.Gray(4, 4, 255), out var w, out var h);

        // Then the tensor is 3×8×12, channel planes (1 - mean) / std
        Assert.Equal((12, 8), (w, h));
        Assert.Equal(3 * 8 * 12, data.Length);
        Assert.Equal((1f - 0.485f) / 0.229f, data[0], 5);
        Assert.Equal((1f - 0.456f) / 0.224f, data[96], 5);
        Assert.Equal((1f - 0.406f) / 0.225f, data[^1], 5);
    }

    public void Dispose() => fixture.Dispose();
}
