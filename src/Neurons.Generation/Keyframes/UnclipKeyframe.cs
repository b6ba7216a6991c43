using Neurons.Generation.Models;
using Neurons.Generation.Sampling;

namespace Neurons.Generation.Keyframes;

/// <summary>
/// The reference keyframe (MindEye2 <c>unclip_recon</c> as NEURONS calls it): the predicted CLIP tokens weighted
/// per token by the clip's mean mask condition the unCLIP UNet; the unconditional branch gets Gaussian-noise
/// tokens; EulerEDM (38 steps) with CFG 5; the SDXL VAE decodes and the image is mapped with clamp(0.8x + 0.2).
/// </summary>
public sealed class UnclipKeyframe
{
    private readonly UnclipUnet unet;
    private readonly LatentDecoder decoder;
    private readonly EulerEdmSampler sampler;
    private readonly float guidance;
    private readonly double offsetNoise;
    private readonly int latentSize;

    /// <summary>Initializes a new instance of the <see cref="UnclipKeyframe"/> class.</summary>
    public UnclipKeyframe(UnclipUnet unet, LatentDecoder decoder, int steps = 38, float guidance = 5f, double offsetNoise = 0.04, int latentSize = 96)
    {
        this.unet = unet ?? throw new ArgumentNullException(nameof(unet));
        this.decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        sampler = new EulerEdmSampler(NoiseSchedule.SgmLegacy(), steps);
        this.guidance = guidance;
        this.offsetNoise = offsetNoise;
        this.latentSize = latentSize;
    }

    /// <summary>Gets the sampler (σ schedule and indices).</summary>
    public EulerEdmSampler Sampler => sampler;

    /// <summary>
    /// The vector condition <c>y</c>: sgm's 256-d sinusoidal embeddings (cos ‖ sin, max period 10000) of
    /// original_size (768, 768) and crop (0, 0), concatenated; each value gets a quarter of <paramref name="width"/>.
    /// </summary>
    public static float[] VectorCondition(int width, int originalSize = 768)
    {
        if (width % 8 != 0)
        {
            throw new ArgumentException($"vector width {width} must split into four even embeddings", nameof(width));
        }

        var dim = width / 4;
        var half = dim / 2;
        var y = new float[width];
        double[] values = [originalSize, originalSize, 0, 0];
        for (var v = 0; v < 4; v++)
        {
            for (var i = 0; i < half; i++)
            {
                var freq = Math.Exp(-Math.Log(10000) * i / half);
                y[(v * dim) + i] = (float)Math.Cos(values[v] * freq);
                y[(v * dim) + half + i] = (float)Math.Sin(values[v] * freq);
            }
        }

        return y;
    }

    /// <summary>Multiplies each of the N tokens (row-major [N, D]) by its weight (the mean mask at the token's grid cell).</summary>
    public static float[] WeightTokens(ReadOnlySpan<float> tokens, ReadOnlySpan<float> tokenWeights)
    {
        var count = tokenWeights.Length;
        if (count == 0 || tokens.Length % count != 0)
        {
            throw new ArgumentException($"{tokens.Length} token values do not split into {count} tokens");
        }

        var width = tokens.Length / count;
        var result = new float[tokens.Length];
        for (var n = 0; n < count; n++)
        {
            for (var d = 0; d < width; d++)
            {
                result[(n * width) + d] = tokens[(n * width) + d] * tokenWeights[n];
            }
        }

        return result;
    }

    /// <summary>Generates the keyframe as CHW floats in [0,1] at the decoder's resolution, drawing z, the unconditional tokens, ε and the offset from <paramref name="noise"/> in that order.</summary>
    public (float[] Image, int Size) Generate(float[] tokens, GaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(noise);
        var dims = unet.Dims;
        if (tokens.Length != dims.UnclipTokens * dims.UnclipWidth)
        {
            throw new ArgumentException($"prior tokens hold {tokens.Length} values, the unclip UNet expects {dims.UnclipTokens}×{dims.UnclipWidth}", nameof(tokens));
        }

        var plane = latentSize * latentSize;
        var z = noise.Sample(4 * plane);
        var unconditional = noise.Sample(tokens.Length);
        var epsilon = noise.Sample(4 * plane);
        var x = sampler.InitialLatents(z, epsilon, offsetNoise, noise.Next());
        var context = new float[2 * tokens.Length];
        unconditional.CopyTo(context, 0);
        tokens.CopyTo(context, tokens.Length);
        var y = VectorCondition(dims.UnclipVector);
        var vectors = new float[2 * y.Length];
        y.CopyTo(vectors, 0);
        y.CopyTo(vectors, y.Length);
        var input = new float[2 * x.Length];
        var guided = new float[x.Length];
        for (var i = 0; i < sampler.Steps; i++)
        {
            var scale = (float)sampler.InputScale(i);
            for (var k = 0; k < x.Length; k++)
            {
                input[k] = input[x.Length + k] = x[k] * scale;
            }

            long index = sampler.TimestepIndices[i];
            var eps = unet.Run(input, 2, latentSize, latentSize, [index, index], context, vectors);
            Guidance.Combine(eps.AsSpan(0, x.Length), eps.AsSpan(x.Length, x.Length), guidance, guided);
            sampler.Step(x, guided, i, x);
        }

        var (raw, height, _) = decoder.Decode(x, 1, latentSize, latentSize);
        for (var k = 0; k < raw.Length; k++)
        {
            raw[k] = Math.Clamp((0.8f * raw[k]) + 0.2f, 0f, 1f);
        }

        return (raw, height);
    }
}
