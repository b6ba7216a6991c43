using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Imaging;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Tests.Vae;

public sealed class DecodeFixtureSetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void WriteMiniSet_WhenRegenerated_MatchesTheCheckedInDecoderByteForByte()
    {
        // Given the decoder written twice, and the copy checked in under stages/decode/fixtures
        var first = DecodeFixtureModels.WriteMiniSet(temp.File("a"));
        var second = DecodeFixtureModels.WriteMiniSet(temp.File("b"));
        var checkedIn = Path.Combine(RepositoryRoot(), "stages", "decode", "fixtures");

        // (regenerate with: NEURONS_WRITE_FIXTURES=1 dotnet test tests/Neurons.Vision.Tests)
        if (Environment.GetEnvironmentVariable("NEURONS_WRITE_FIXTURES") == "1")
        {
            DecodeFixtureModels.WriteMiniSet(checkedIn);
        }

        // Then generation is deterministic and the shipped file is what the generator writes
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var shipped = Path.Combine(checkedIn, Path.GetFileName(a));
            Assert.True(File.Exists(shipped) && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)), $"{shipped} is missing or differs from the generator's output");
        }
    }

    [Fact]
    public void MiniDecoder_AfterTheMiniEncoder_GivesBackEachBlocksMeanColour()
    {
        // Given the mini encoder and decoder, and a frame whose 8×8 blocks have different colours
        var targets = TargetFixtureModels.WriteMiniSet(temp.File("targets"));
        DecodeFixtureModels.WriteMiniSet(temp.File("decode"));
        using var encoder = VaeEncoder.Load(targets.Single(f => f.EndsWith("vae_encoder.fixture.onnx", StringComparison.Ordinal)), VisionFixture.SingleThread);
        using var decoder = VaeDecoder.Load(Path.Combine(temp.File("decode"), DecodeFixtureModels.VaeDecoderFile), VisionFixture.SingleThread);
        var pixels = new byte[224 * 224 * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            var (y, x, c) = (i / (224 * 3), i / 3 % 224, i % 3);
            pixels[i] = (byte)(((x * 7) + (y * 3) + (c * 50)) % 256);
        }

        // When encoded (posterior mean of 2x − 1, × 0.18215) and decoded (÷ 0.18215, x/2 + 0.5)
        var latents = encoder.Encode([new RgbImage(224, 224, pixels)]);
        var (images, h, w) = decoder.Decode(latents.Values, 1, latents.Height, latents.Width);

        // Then each output pixel is the mean of its 8×8 block in [0, 1] (planar [3, 224, 224])
        Assert.Equal((224, 224), (h, w));
        foreach (var (y, x, c) in new[] { (0, 0, 0), (13, 200, 1), (223, 101, 2), (100, 7, 0) })
        {
            double sum = 0;
            for (var dy = 0; dy < 8; dy++)
            {
                for (var dx = 0; dx < 8; dx++)
                {
                    sum += pixels[(((y / 8 * 8) + dy) * 224 * 3) + (((x / 8 * 8) + dx) * 3) + c];
                }
            }

            Assert.Equal(sum / 64 / 255, images[(c * 224 * 224) + (y * 224) + x], 4);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
