using Neurons.Generation.Pipeline;
using Neurons.Generation.Sampling;
using Neurons.Generation.Video;

namespace Neurons.Generation.Tests.Pipeline;

public sealed class VideoGeneratorTests : IDisposable
{
    private readonly GenerationFixture fixture = new();

    [Fact]
    public void InitialLatents_UniformFrames_AreTheBlendedLatentsNoisedTo961()
    {
        // Given a clip whose six frames are each one colour, so each frame's latent is one value per channel
        using var models = fixture.Load();
        var generator = new VideoGenerator(models, GenerationFixture.Fast() with { Steps = 25 });
        var clip = GenerationFixture.Clip("c", 0, 5, 32) with { BlurryFrames = UniformFrames(32) };

        // When the blurry latents and x_961 are computed
        var z = generator.BlurryLatents(clip);
        var x = generator.InitialLatents(z, new GaussianNoise(5));

        // Then latent frame 1 is 0.67 * frame 0 + 0.33 * frame 3 (the VAE fixture is affine per pixel, and the blend
        // weights sum to 1), in the 3-D layout [4, 16, h, w]
        int side = generator.LatentSize, plane = side * side;
        for (var c = 0; c < 4; c++)
        {
            float At(int f) => z[((c * 16) + f) * plane];
            Assert.Equal((0.67f * At(0)) + (0.33f * At(3)), At(1), 4);
            Assert.Equal((0.33f * At(12)) + (0.67f * At(15)), At(14), 4);
            Assert.NotEqual(At(0), At(3));
        }

        // and x_961 = sqrt(a) z + sqrt(1 - a) eps with eps the clip stream's first draws
        var eps = new GaussianNoise(5).Sample(z.Length);
        Assert.Equal(4 * 16 * plane, x.Length);
        for (var i = 0; i < x.Length; i += 97)
        {
            Assert.Equal((0.049779 * z[i]) + (0.998760 * eps[i]), x[i], 3e-4);
        }
    }

    [Fact]
    public void Generate_ClipAlone_EqualsTheSameClipInABatch()
    {
        // Given three clips with their own seeds
        using var models = fixture.Load();
        var generator = new VideoGenerator(models, GenerationFixture.Fast());
        var clips = Enumerable.Range(0, 3).Select(i => GenerationFixture.Clip($"clip{i}", i, (ulong)(100 + i))).ToList();

        // When generated together and the middle one alone
        var batch = generator.Generate(clips);
        var alone = generator.Generate(clips[1]);

        // Then the middle clip's latents and frames are the same
        AssertClose(alone.FinalLatents, batch[1].FinalLatents, 1e-5f);
        Assert.True(MaxByteDifference(alone.Frames, batch[1].Frames) <= 1, "frames differ by more than one level");
        Assert.Equal(6 * 64 * 64 * 3, alone.Frames.Length);

        // and clips with different inputs differ
        Assert.True(MaxByteDifference(batch[0].Frames, batch[1].Frames) > 5);
    }

    [Fact]
    public void Generate_TwoPasses_EqualsOneBatchOfTwo()
    {
        using var models = fixture.Load();
        var clip = GenerationFixture.Clip("c", 1, 9);
        var one = new VideoGenerator(models, GenerationFixture.Fast() with { Batching = GuidanceBatching.OneBatch }).Generate(clip);
        var two = new VideoGenerator(models, GenerationFixture.Fast() with { Batching = GuidanceBatching.TwoPasses }).Generate(clip);

        // batch-1 and batch-2 kernels round differently; CFG 8.5 amplifies that over the steps
        AssertClose(one.FinalLatents, two.FinalLatents, 1e-4f);
    }

    [Fact]
    public void Generate_GuidanceScale_ChangesTheResult()
    {
        // CFG is applied: scale 1 (conditional only) differs from 8.5
        using var models = fixture.Load();
        var clip = GenerationFixture.Clip("c", 0, 3);
        var guided = new VideoGenerator(models, GenerationFixture.Fast()).Generate(clip);
        var plain = new VideoGenerator(models, GenerationFixture.Fast() with { GuidanceScale = 1f }).Generate(clip);
        Assert.True(guided.FinalLatents.Zip(plain.FinalLatents).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Fact]
    public void Keyframe_BlurryMasked_WeightsTheFirstFrameByTheMeanMask()
    {
        using var models = fixture.Load();
        var settings = GenerationFixture.Fast();
        var clip = GenerationFixture.Clip("c", 0, 3);
        var masked = new VideoGenerator(models, settings).Keyframe(clip, new GaussianNoise(1));
        var plain = new VideoGenerator(models, settings with { MaskKeyframe = false }).Keyframe(clip, new GaussianNoise(1));
        var weight = FramePixels.MeanMaskWeight(clip.Masks!, 6, clip.MaskSize, 64);

        // pixel (0,0) is background in every frame (0.5); pixel (row 24, col 24) is object in every frame (1)
        Assert.Equal(0.5f * plain[0], masked[0], 5);
        Assert.Equal(1f, weight[(24 * 64) + 24]);
        Assert.Equal(plain[(24 * 64) + 24], masked[(24 * 64) + 24]);
    }

    [Fact]
    public void Generate_UnclipKeyframe_UsesTheKeyframeTokensAndIsDeterministic()
    {
        // Given the unclip mode on the fixture unCLIP graphs
        using var models = fixture.Load(KeyframeMode.Unclip);
        var generator = new VideoGenerator(models, GenerationFixture.Fast() with { Keyframe = KeyframeMode.Unclip });
        var clip = GenerationFixture.Clip("c", 0, 11);

        // When generated twice, and with other tokens
        var first = generator.Generate(clip);
        var again = generator.Generate(clip);
        var other = generator.Generate(clip with { KeyframeTokens = [.. clip.KeyframeTokens!.Select(v => -v)] });

        // Then the keyframe is reproducible, depends on the tokens, and differs from the blurry keyframe
        Assert.Equal(first.Keyframe, again.Keyframe);
        Assert.NotEqual(first.Keyframe, other.Keyframe);
        using var blurryModels = fixture.Load();
        var blurry = new VideoGenerator(blurryModels, GenerationFixture.Fast()).Generate(clip);
        Assert.NotEqual(first.Keyframe, blurry.Keyframe);
    }

    [Fact]
    public void Generate_UnclipWithoutTokens_FailsNamingTheClip()
    {
        using var models = fixture.Load(KeyframeMode.Unclip);
        var generator = new VideoGenerator(models, GenerationFixture.Fast() with { Keyframe = KeyframeMode.Unclip });
        var error = Assert.Throws<ArgumentException>(() => generator.Generate(GenerationFixture.Clip("test1_004", 0, 1) with { KeyframeTokens = null }));
        Assert.Contains("test1_004", error.Message, StringComparison.Ordinal);
        Assert.Contains("keyframe_tokens", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => fixture.Dispose();

    private static byte[] UniformFrames(int size)
    {
        var frames = new byte[6 * size * size * 3];
        for (var f = 0; f < 6; f++)
        {
            for (var p = 0; p < size * size; p++)
            {
                var i = ((f * size * size) + p) * 3;
                frames[i] = (byte)(30 + (40 * f));
                frames[i + 1] = (byte)(200 - (25 * f));
                frames[i + 2] = 90;
            }
        }

        return frames;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        // relative to the magnitude (latents grow to tens under CFG 8.5 with the fixture graphs)
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1f, Math.Abs(p.First)));
        Assert.True(worst <= tolerance, $"max relative difference {worst} > {tolerance}");
    }

    private static int MaxByteDifference(byte[] a, byte[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
