using Neurons.Evaluation.Classification;
using Neurons.Evaluation.Models;
using Neurons.Testing.Vision;

namespace Neurons.Evaluation.Tests.Models;

public sealed class ClassifierTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private static RgbFrame Noise(Random random, int w = 224, int h = 224)
    {
        var px = new byte[w * h * 3];
        random.NextBytes(px);
        return new RgbFrame(w, h, px);
    }

    private static RgbFrame Solid(Random random)
    {
        var rgb = new byte[3];
        random.NextBytes(rgb);
        var px = new byte[224 * 224 * 3];
        for (var i = 0; i < px.Length; i++)
        {
            px[i] = rgb[i % 3];
        }

        return new RgbFrame(224, 224, px);
    }

    private string Save(string name, byte[] model)
    {
        var path = dir.File(name);
        File.WriteAllBytes(path, model);
        return path;
    }

    [Fact]
    public void VideoMae_Classify_BindsByNameAndPreprocesses()
    {
        // Given the 6-frame VideoMAE signature and two random clips
        using var model = VideoMaeClassifier.Open(Save("videomae.onnx", EvaluationFixtureModels.VideoMae()));
        var random = new Random(4);
        var clips = Enumerable.Range(0, 2).Select(_ => (IReadOnlyList<RgbFrame>)Enumerable.Range(0, 6).Select(_ => Noise(random)).ToList()).ToList();

        // When classified as one batch
        var logits = model.Classify(clips);

        // Then each clip gets 400 logits equal to the fixture's computation on the preprocessed input
        Assert.Equal(2, logits.Length);
        for (var c = 0; c < 2; c++)
        {
            var input = new float[6 * 3 * 224 * 224];
            Preprocessing.VideoMae(clips[c], input);
            var expected = EvaluationFixtureModels.Expected(input, 400, 1);
            Assert.Equal(400, logits[c].Length);
            for (var k = 0; k < 400; k += 37)
            {
                Assert.Equal(expected[k], logits[c][k], 3);
            }
        }
    }

    [Fact]
    public void VideoMae_Open_When16FrameExport_RejectsWithShape()
    {
        // Given an export made with the default 16 frames / When opened / Then the error names the file and both shapes
        var path = Save("videomae16.onnx", EvaluationFixtureModels.VideoMae(frames: 16));
        var ex = Assert.Throws<InvalidDataException>(() => VideoMaeClassifier.Open(path));
        Assert.Contains("videomae16.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("16", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected [batch, 6, 3, 224, 224]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VideoMae_Open_WhenInputNamedDifferently_ListsInputs()
    {
        // Given an export whose input is called x / When opened / Then the error lists the inputs
        var path = Save("renamed.onnx", EvaluationFixtureModels.VideoMae(inputName: "x"));
        var ex = Assert.Throws<InvalidDataException>(() => VideoMaeClassifier.Open(path));
        Assert.Contains("no input named 'pixel_values' (inputs: x)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VideoMae_Classify_WhenClipHasFiveFrames_Throws()
    {
        // Given a 5-frame clip / When classified / Then rejected
        using var model = VideoMaeClassifier.Open(Save("videomae.onnx", EvaluationFixtureModels.VideoMae()));
        var random = new Random(1);
        Assert.Throws<ArgumentException>(() => model.Classify([Enumerable.Range(0, 5).Select(_ => Noise(random)).ToList()]));
    }

    [Fact]
    public void Vit_Classify_ResizesAnyFrameTo224()
    {
        // Given the ViT signature and a 260×259 frame (the reference layout)
        using var model = VitClassifier.Open(Save("vit.onnx", EvaluationFixtureModels.Vit()));
        var frame = Noise(new Random(2), 259, 260);

        // When classified
        var logits = model.Classify([frame]);

        // Then 1000 logits, as the fixture computes on the resized, normalised frame
        var input = new float[3 * 224 * 224];
        Preprocessing.Vit(frame, input);
        var expected = EvaluationFixtureModels.Expected(input, 1000, 2);
        Assert.Equal(1000, logits[0].Length);
        Assert.Equal(expected[999], logits[0][999], 3);
    }

    [Fact]
    public void Clip_Open_WhenOnlyHiddenStateExported_Rejects()
    {
        // Given optimum's clip_vision_model-style export without image_embeds / When opened / Then rejected naming the outputs
        var path = Save("clip_hidden.onnx", EvaluationFixtureModels.Image(1024, "pooler_output", 3));
        var ex = Assert.Throws<InvalidDataException>(() => ClipImageEmbedder.Open(path));
        Assert.Contains("no output named 'image_embeds' (outputs: pooler_output)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clip_Embed_IdenticalFramesGivePccOne()
    {
        // Given the CLIP signature and six copies of one frame
        using var model = ClipImageEmbedder.Open(Save("clip.onnx", EvaluationFixtureModels.Clip()));
        var frame = Noise(new Random(5));

        // When embedded / Then 768-d embeddings whose CLIP-pcc is 1
        var embeddings = model.Embed(Enumerable.Repeat(frame, 6).ToList());
        Assert.Equal(768, embeddings[0].Length);
        Assert.Equal(1.0, ClipPcc.AllPairs(embeddings), 5);
    }

    [Fact]
    public void NWay_OnFixtureVideoMae_GroundTruthAgainstItselfIsOne_AndAgainstOtherClipsIsNot()
    {
        // Given 8 clips of random solid colours classified by the fixture VideoMAE
        using var model = VideoMaeClassifier.Open(Save("videomae.onnx", EvaluationFixtureModels.VideoMae()));
        var random = new Random(8);
        var clips = Enumerable.Range(0, 8).Select(_ => (IReadOnlyList<RgbFrame>)Enumerable.Range(0, 6).Select(_ => Solid(random)).ToList()).ToList();
        var logits = model.Classify(clips);

        // When each clip is scored against itself, and against the next clip
        var same = NWayTopOne.Evaluate(logits.Select((l, i) => new NWaySample(l, l, i)).ToList(), 50);
        var shifted = NWayTopOne.Evaluate(logits.Select((l, i) => new NWaySample(l, logits[(i + 1) % 8], i)).ToList(), 50);

        // Then identical inputs give 1.0 and mismatched ones less
        Assert.Equal(1.0, same.Accuracy);
        Assert.True(shifted.Accuracy < 1.0);
    }

    [Fact]
    public void Open_WhenFileMissing_NamesIt()
    {
        // Given no file / When opened / Then FileNotFoundException naming it
        var ex = Assert.Throws<FileNotFoundException>(() => VitClassifier.Open(dir.File("missing.onnx")));
        Assert.Contains("missing.onnx", ex.Message, StringComparison.Ordinal);
    }
}
