using Neurons.Testing.Onnx;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Tests.Vae;

public sealed class VaeTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void Encode_WhenOutputIsLatentParameters_TakesTheMeanChannelsScaledBy018215()
    {
        // Given an encoder whose mean channel k = colour channel k (k < 3), channel 3 = 0, log-variance = 5
        var mixing = new float[3 * 8];
        for (var c = 0; c < 3; c++)
        {
            mixing[(c * 8) + c] = 1f;
            for (var k = 4; k < 8; k++)
            {
                mixing[(c * 8) + k] = 5f;
            }
        }

        using var encoder = VaeEncoder.Load(fixture.Save("vae.onnx", TargetFixtureModels.VaeEncoder(mixing)), VisionFixture.SingleThread);

        // When a white 224² frame is encoded (input 2·1 − 1 = 1)
        var (values, channels, height, width) = encoder.Encode([VisionFixture.Gray(224, 224, 255)]);

        // Then 4 × 28 × 28 latents, mean channels × 0.18215
        Assert.Equal((4, 28, 28), (channels, height, width));
        Assert.Equal(0.18215f, values[0], 6);
        Assert.Equal(0.18215f, values[(2 * 28 * 28) + 5], 6);
        Assert.Equal(0f, values[(3 * 28 * 28) + 7]);
        Assert.Equal("latent_parameters", encoder.OutputName);
    }

    [Fact]
    public void Load_WhenEncoderOnlyGivesLatentSample_RefusesWithTheReason()
    {
        // Given a diffusers-style export whose output is a random sample
        var path = fixture.Save("vae_sample.onnx", TargetFixtureModels.VaeEncoder(new float[24], sampleOnly: true));

        // When / Then loading explains the sample-vs-mean trap
        var error = Assert.Throws<OnnxModelException>(() => VaeEncoder.Load(path, VisionFixture.SingleThread));
        Assert.StartsWith("vae-encoder model 'vae_sample.onnx': its only latent output is 'latent_sample', a random sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenLatentsGiven_UnscalesDecodesAndMapsToUnitRange()
    {
        // Given a decoder whose RGB = latent channel 0 (nearest ×8)
        var mixing = new float[4 * 3];
        mixing[0] = mixing[1] = mixing[2] = 1f;
        using var decoder = VaeDecoder.Load(fixture.Save("vae_dec.onnx", TargetFixtureModels.VaeDecoder(mixing)), VisionFixture.SingleThread);

        // When one 1×1 latent of 0.18215 × 0.5 (decoded 0.5 → 0.75) and one of 10 (clamped) is decoded
        var latents = new float[2 * 4];
        latents[0] = 0.18215f * 0.5f;
        latents[4] = 10f;
        var (images, h, w) = decoder.Decode(latents, 2, 1, 1);

        // Then 8×8 images: 0.5 / 2 + 0.5 = 0.75 and 1 after clamping
        Assert.Equal((8, 8), (h, w));
        Assert.Equal(0.75f, images[0], 5);
        Assert.Equal(1f, images[3 * 64]);
    }

    public void Dispose() => fixture.Dispose();
}
