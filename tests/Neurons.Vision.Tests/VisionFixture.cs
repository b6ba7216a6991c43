using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Sam;

namespace Neurons.Vision.Tests;

/// <summary>Writes fixture models and a vocabulary to a temp folder and loads the wrappers on them.</summary>
internal sealed class VisionFixture : IDisposable
{
    public VisionFixture()
    {
        Vocab = TestVocabularies.WriteBert(Temp.Path);
    }

    public TempDirectory Temp { get; } = new();

    public string Vocab { get; }

    public static OnnxSessionOptions SingleThread { get; } = new() { IntraOpThreads = 1, InterOpThreads = 1 };

    public static RgbImage Gray(int width, int height, byte value = 128) =>
        new(width, height, Enumerable.Repeat(value, width * height * 3).ToArray());

    public string Save(string name, byte[] model)
    {
        var path = Temp.File(name);
        File.WriteAllBytes(path, model);
        return path;
    }

    public GroundingDinoDetector Detector(IReadOnlyList<GroundingFixtureQuery> queries, GroundingDinoOptions? options = null) =>
        GroundingDinoDetector.Load(Save("gdino.onnx", VisionFixtureModels.GroundingDino(queries)), Vocab, options ?? new GroundingDinoOptions { ShortSide = 224, MaxSize = 1333 }, SingleThread);

    public SamSegmenter Sam(bool builtInPreprocessing = false) =>
        SamSegmenter.Load(
            Save($"sam_encoder_{builtInPreprocessing}.onnx", VisionFixtureModels.SamEncoder(builtInPreprocessing)),
            Save("sam_decoder.onnx", VisionFixtureModels.SamDecoder()),
            new SamOptions(),
            SingleThread);

    public void Dispose() => Temp.Dispose();
}
