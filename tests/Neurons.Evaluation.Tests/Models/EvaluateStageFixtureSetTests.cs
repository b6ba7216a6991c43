using Neurons.Evaluation.Classification;
using Neurons.Evaluation.Models;
using Neurons.Testing.Vision;

namespace Neurons.Evaluation.Tests.Models;

/// <summary>
/// The classifier fixtures the mini profile's <c>evaluate</c> stage uses (stages/evaluate/fixtures):
/// <see cref="EvaluationFixtureModels"/>'s graphs, written to disk and checked in.
/// </summary>
public sealed class EvaluateStageFixtureSetTests : IDisposable
{
    private const string Regenerate = "regenerate with: NEURONS_WRITE_FIXTURES=1 dotnet test tests/Neurons.Evaluation.Tests --filter EvaluateStageFixtureSetTests";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Writes the three fixture classifiers into <paramref name="directory"/>; returns their paths.</summary>
    internal static IReadOnlyList<string> WriteSet(string directory)
    {
        Directory.CreateDirectory(directory);
        (string Name, byte[] Bytes)[] files =
        [
            ("videomae.fixture.onnx", EvaluationFixtureModels.VideoMae()),
            ("vit.fixture.onnx", EvaluationFixtureModels.Vit()),
            ("clip_vision.fixture.onnx", EvaluationFixtureModels.Clip()),
        ];
        var paths = new List<string>();
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            paths.Add(path);
        }

        return paths;
    }

    [Fact]
    public void WriteSet_WhenRegenerated_MatchesTheCheckedInFilesByteForByte()
    {
        // Given the fixture set written twice, and the copy checked in under stages/evaluate/fixtures
        var first = WriteSet(temp.File("a"));
        var second = WriteSet(temp.File("b"));
        var checkedIn = Path.Combine(RepositoryRoot(), "stages", "evaluate", "fixtures");
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            WriteSet(checkedIn);
        }

        // Then generation is deterministic and the shipped files are exactly what the generator writes
        Assert.Equal(3, first.Count);
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{Path.GetFileName(a)} is not deterministic");
            var shipped = Path.Combine(checkedIn, Path.GetFileName(a));
            Assert.True(File.Exists(shipped), $"{shipped} is missing ({Regenerate})");
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)), $"{shipped} differs from the generator's output ({Regenerate})");
        }
    }

    [Fact]
    public void CheckedInSet_WhenOpenedByTheWrappers_GivesInputDependentTopThreeClasses()
    {
        // Given the checked-in fixtures and two different frames (a dark red and a light blue one)
        var dir = Path.Combine(RepositoryRoot(), "stages", "evaluate", "fixtures");
        using var video = VideoMaeClassifier.Open(Path.Combine(dir, "videomae.fixture.onnx"));
        using var vit = VitClassifier.Open(Path.Combine(dir, "vit.fixture.onnx"));
        using var clip = ClipImageEmbedder.Open(Path.Combine(dir, "clip_vision.fixture.onnx"));
        var red = Solid(160, 30, 20);
        var blue = Solid(40, 120, 230);

        // When each wrapper runs on both inputs
        var videoLogits = video.Classify([Enumerable.Repeat(red, 6).ToList(), Enumerable.Repeat(blue, 6).ToList()]);
        var frameLogits = vit.Classify([red, blue]);
        var embeds = clip.Embed([red, blue]);

        // Then the signatures' widths come out (400, 1000, 768) and the top-3 classes differ between the inputs
        Assert.Equal((400, 1000, 768), (videoLogits[0].Length, frameLogits[0].Length, embeds[0].Length));
        Assert.NotEqual(NWayTopOne.TopK(videoLogits[0], 3), NWayTopOne.TopK(videoLogits[1], 3));
        Assert.NotEqual(NWayTopOne.TopK(frameLogits[0], 3), NWayTopOne.TopK(frameLogits[1], 3));
        Assert.False(embeds[0].AsSpan().SequenceEqual(embeds[1]), "the CLIP fixture gave the same embedding for different frames");
    }

    private static RgbFrame Solid(byte r, byte g, byte b)
    {
        var px = new byte[224 * 224 * 3];
        for (var i = 0; i < px.Length; i += 3)
        {
            (px[i], px[i + 1], px[i + 2]) = (r, g, b);
        }

        return new RgbFrame(224, 224, px);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NeuronsPipeline.sln not found above the test directory");
    }
}
