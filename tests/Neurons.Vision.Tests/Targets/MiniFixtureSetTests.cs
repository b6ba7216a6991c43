using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Tests.Targets;

public sealed class MiniFixtureSetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void WriteMiniSet_WhenRegenerated_MatchesTheCheckedInFilesByteForByte()
    {
        // Given the fixture set written twice, and the copy checked in under stages/targets/fixtures
        var first = TargetFixtureModels.WriteMiniSet(temp.File("a"));
        var second = TargetFixtureModels.WriteMiniSet(temp.File("b"));
        var checkedIn = Path.Combine(RepositoryRoot(), "stages", "targets", "fixtures");

        // Then generation is deterministic and the shipped files are what the generator writes
        // (regenerate with: NEURONS_WRITE_FIXTURES=1 dotnet test tests/Neurons.Vision.Tests)
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            TargetFixtureModels.WriteMiniSet(checkedIn);
        }

        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var shipped = Path.Combine(checkedIn, Path.GetFileName(a));
            Assert.True(File.Exists(shipped), $"{shipped} is missing");
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)), $"{shipped} differs from the generator's output");
        }
    }

    [Fact]
    public void WriteGroundedSamSet_WhenRegenerated_MatchesTheStageTestFixturesByteForByte()
    {
        // Given the Grounded-SAM fixture set the segment stage tests read from disk
        var fresh = VisionFixtureModels.WriteGroundedSamSet(temp.File("gsam"));
        var checkedIn = Path.Combine(RepositoryRoot(), "tests", "Neurons.Stages.Tests", "Segment", "fixtures");
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            VisionFixtureModels.WriteGroundedSamSet(checkedIn);
        }

        // Then the checked-in files are exactly what the generator writes
        foreach (var file in fresh)
        {
            var shipped = Path.Combine(checkedIn, Path.GetFileName(file));
            Assert.True(File.Exists(shipped) && File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)), $"{shipped} is missing or differs from the generator's output");
        }
    }

    [Fact]
    public void WriteMiniSet_WhenLoadedByTheWrappers_GivesTinyTargetShapes()
    {
        // Given the mini set
        var dir = temp.File("set");
        TargetFixtureModels.WriteMiniSet(dir);
        var frame = VisionFixture.Gray(224, 224, 90);

        // When each encoder runs
        using var image = ClipImageEncoder.Load(Path.Combine(dir, "clip_image.fixture.onnx"), new ClipImageOptions(), VisionFixture.SingleThread);
        using var text = ClipTextEncoder.Load(
            Path.Combine(dir, "clip_text.fixture.onnx"),
            ClipTokenizer.Load(Path.Combine(dir, "clip_vocab.fixture.json"), Path.Combine(dir, "clip_merges.fixture.txt")),
            VisionFixture.SingleThread);
        using var vae = VaeEncoder.Load(Path.Combine(dir, "vae_encoder.fixture.onnx"), VisionFixture.SingleThread);
        var tokens = image.Encode([frame]);
        var embedding = text.Encode(["a dog plays with a red ball."]);
        var latents = vae.Encode([frame]);

        // Then tokens 16 × 32, text 16, latents 4 × 28 × 28, all finite and not all zero
        Assert.Equal((16, 32), (tokens.Tokens, tokens.Width));
        Assert.Equal(16, embedding[0].Length);
        Assert.Equal((4, 28, 28), (latents.Channels, latents.Height, latents.Width));
        Assert.Contains(embedding[0], v => v != 0);
        Assert.All(tokens.Values, v => Assert.True(float.IsFinite(v)));
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
