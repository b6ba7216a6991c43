using Neurons.Generation.Pipeline;
using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;

namespace Neurons.Generation.Tests.Models;

public sealed class GenerationFixtureSetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void WriteMiniSet_WhenRegenerated_MatchesTheCheckedInFilesByteForByte()
    {
        // Given the set written twice, and the copy the mini profile uses under stages/generate/fixtures
        var first = GenerationFixtureModels.WriteMiniSet(temp.File("a"));
        var second = GenerationFixtureModels.WriteMiniSet(temp.File("b"));
        var checkedIn = Path.Combine(RepositoryRoot(), "stages", "generate", "fixtures");

        // (regenerate with: NEURONS_WRITE_FIXTURES=1 dotnet test tests/Neurons.Generation.Tests)
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            GenerationFixtureModels.WriteMiniSet(checkedIn);
        }

        // Then generation is deterministic and the shipped files are what the generator writes
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var shipped = Path.Combine(checkedIn, Path.GetFileName(a));
            Assert.True(File.Exists(shipped) && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)), $"{shipped} is missing or differs from the generator's output");
        }
    }

    [Fact]
    public void CheckedInSet_LoadsWithTheRealSignaturesAndGeneratesAClip()
    {
        // Given the shipped fixture set with both keyframe modes' graphs
        var dir = Path.Combine(RepositoryRoot(), "stages", "generate", "fixtures");
        var paths = new VideoModelPaths
        {
            TextEncoder = Path.Combine(dir, "text_encoder.fixture.onnx"),
            Vocab = Path.Combine(dir, "clip_vocab.fixture.json"),
            Merges = Path.Combine(dir, "clip_merges.fixture.txt"),
            VaeEncoder = Path.Combine(dir, "vae_encoder.fixture.onnx"),
            VaeDecoder = Path.Combine(dir, "vae_decoder.fixture.onnx"),
            SparseCtrl = Path.Combine(dir, "sparsectrl.fixture.onnx"),
            Unet = Path.Combine(dir, "unet.fixture.onnx"),
            UnclipUnet = Path.Combine(dir, "unclip_unet.fixture.onnx"),
            UnclipVaeDecoder = Path.Combine(dir, "unclip_vae_decoder.fixture.onnx"),
        };
        using var models = VideoModels.Load(paths, GenerationFixture.SingleThread, KeyframeMode.Unclip);

        // When one clip is generated with the unclip keyframe at 64² in 2 steps
        var clip = new VideoGenerator(models, GenerationFixture.Fast(2) with { Keyframe = KeyframeMode.Unclip }).Generate(GenerationFixture.Clip("c", 0, 1, 224));

        // Then six 64² frames come back, not all one value
        Assert.Equal(6 * 64 * 64 * 3, clip.Frames.Length);
        Assert.True(clip.Frames.Distinct().Count() > 10);
    }

    public void Dispose() => temp.Dispose();

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
