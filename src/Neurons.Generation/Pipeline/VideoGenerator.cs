using Microsoft.ML.OnnxRuntime;
using Neurons.Generation.Keyframes;
using Neurons.Generation.Models;
using Neurons.Generation.Sampling;
using Neurons.Generation.Video;

namespace Neurons.Generation.Pipeline;

/// <summary>
/// Generates videos as NEURONS does (docs/generation.md): the prompt and negative prompt through CLIP; the 6 blurry frames
/// expanded to 16 by the reference's blends, VAE-encoded and noised to the first DDIM timestep (961); the keyframe
/// latents at frame 0 with mask 1 condition SparseCtrl; 25 DDIM steps with CFG 8.5; frames 4, 6, …, 14 decoded.
/// Clips in one call share the graph runs (the batch axis) but each has its own noise stream, so a clip's
/// result does not depend on its batch-mates.
/// </summary>
public sealed class VideoGenerator
{
    private const int LatentChannels = 4;
    private readonly VideoModels models;
    private readonly VideoGenerationSettings settings;
    private readonly DdimScheduler scheduler;
    private readonly UnclipKeyframe? unclip;

    /// <summary>Initializes a new instance of the <see cref="VideoGenerator"/> class.</summary>
    public VideoGenerator(VideoModels models, VideoGenerationSettings settings)
    {
        this.models = models ?? throw new ArgumentNullException(nameof(models));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"video generation settings: {string.Join("; ", problems)}", nameof(settings));
        }

        scheduler = new DdimScheduler(NoiseSchedule.Diffusers(BetaSchedule.Linear), settings.Steps);
        if (settings.Keyframe == KeyframeMode.Unclip)
        {
            unclip = new UnclipKeyframe(
                models.UnclipUnet ?? throw new ArgumentException("keyframe mode unclip needs the unclip graphs loaded", nameof(models)),
                models.UnclipDecoder ?? throw new ArgumentException("keyframe mode unclip needs the unclip decoder loaded", nameof(models)),
                settings.UnclipSteps,
                settings.UnclipGuidanceScale,
                settings.UnclipOffsetNoise,
                settings.UnclipLatentSize);
        }
    }

    /// <summary>Gets the DDIM scheduler in use.</summary>
    public DdimScheduler Scheduler => scheduler;

    /// <summary>Gets the latent side (size / 8).</summary>
    public int LatentSize => settings.Size / 8;

    /// <summary>Returns the prompt the text encoder sees for a caption.</summary>
    public string Prompt(string caption) => caption + settings.PromptSuffix;

    /// <summary>
    /// The initial latents x₉₆₁ of one clip: the 16 blended frames' scaled latent means z [4,16,h,w] noised with
    /// ε drawn from <paramref name="noise"/>: √ᾱ·z + √(1−ᾱ)·ε at the first timestep.
    /// </summary>
    public float[] InitialLatents(float[] latents, GaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(noise);
        var epsilon = noise.Sample(latents.Length);
        var x = new float[latents.Length];
        scheduler.AddNoise(latents, epsilon, scheduler.Timesteps[0], x);
        return x;
    }

    /// <summary>Encodes the 16 expanded blurry frames of a clip to latents in the 3-D layout [4,16,h,w].</summary>
    public float[] BlurryLatents(ClipRequest clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var expected = FrameSchedule.ClipFrames * clip.FrameSize * clip.FrameSize * 3;
        if (clip.BlurryFrames.Length != expected)
        {
            throw new ArgumentException($"clip {clip.Key}: blurry_frames hold {clip.BlurryFrames.Length} bytes, expected 6×{clip.FrameSize}×{clip.FrameSize}×3 = {expected}");
        }

        var size = settings.Size;
        var frames = Enumerable.Range(0, FrameSchedule.ClipFrames).Select(f => FramePixels.ToChw(clip.BlurryFrames, f, clip.FrameSize, size)).ToList();
        var expanded = FrameSchedule.Expand(frames);
        var (perFrame, h, w) = models.VaeEncoder.Encode([.. expanded.SelectMany(f => f)], expanded.Length, size, size);
        return ToVideoLayout(perFrame, expanded.Length, h * w);
    }

    /// <summary>The keyframe image of a clip as CHW floats in [0,1] at the video size.</summary>
    public float[] Keyframe(ClipRequest clip, GaussianNoise keyframeNoise)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var size = settings.Size;
        if (settings.Keyframe == KeyframeMode.Unclip)
        {
            var tokens = clip.KeyframeTokens ?? throw new ArgumentException($"clip {clip.Key}: keyframe mode unclip needs the mask-weighted predicted CLIP tokens (decoded.keyframe_tokens)");
            var (image, imageSize) = unclip!.Generate(tokens, keyframeNoise);
            var hwc = new float[image.Length];
            var plane = imageSize * imageSize;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    hwc[(p * 3) + c] = image[(c * plane) + p];
                }
            }

            return FramePixels.HwcToChw(Vision.Imaging.ImageOps.ResizeBilinear(hwc, imageSize, imageSize, 3, size, size), size * size);
        }

        var first = FramePixels.ToChw(clip.BlurryFrames, 0, clip.FrameSize, size);
        if (settings.MaskKeyframe && clip.Masks is not null)
        {
            var weight = FramePixels.MeanMaskWeight(clip.Masks, FrameSchedule.ClipFrames, clip.MaskSize, size);
            for (var c = 0; c < 3; c++)
            {
                for (var p = 0; p < weight.Length; p++)
                {
                    first[(c * weight.Length) + p] *= weight[p];
                }
            }
        }

        return first;
    }

    /// <summary>Generates one clip.</summary>
    public GeneratedClip Generate(ClipRequest clip) => Generate([clip])[0];

    /// <summary>Generates clips together (one graph batch); each clip's result equals generating it alone.</summary>
    public IReadOnlyList<GeneratedClip> Generate(IReadOnlyList<ClipRequest> clips, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
        {
            return [];
        }

        int b = clips.Count, frames = FrameSchedule.GeneratedFrames, side = LatentSize;
        var perClip = LatentChannels * frames * side * side;
        var framePlane = side * side;
        var size = settings.Size;

        // Per clip: x₉₆₁ from its own stream, the keyframe latents at frame 0.
        var x = new float[b][];
        var keyframes = new byte[b][];
        var condition = new float[b * perClip];
        var mask = new float[b * frames * framePlane];
        for (var i = 0; i < b; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var noise = new GaussianNoise(clips[i].Seed);
            x[i] = InitialLatents(BlurryLatents(clips[i]), noise);
            var keyImage = Keyframe(clips[i], new GaussianNoise(clips[i].Seed ^ 0x6B65796672616D65UL));
            keyframes[i] = new byte[size * size * 3];
            FramePixels.ToBytes(keyImage, size * size, 1f, 0f, keyframes[i]);
            var (keyLatent, _, _) = models.VaeEncoder.Encode(keyImage, 1, size, size);
            for (var c = 0; c < LatentChannels; c++)
            {
                keyLatent.AsSpan(c * framePlane, framePlane).CopyTo(condition.AsSpan((i * perClip) + (c * frames * framePlane), framePlane));
            }

            mask.AsSpan(i * frames * framePlane, framePlane).Fill(1f);
        }

        var prompts = clips.Select(c => settings.NegativePrompt).Concat(clips.Select(c => Prompt(c.Caption))).ToList();
        var text = models.Text.Encode(prompts);
        var textBlock = models.Text.Tokens * models.Text.Width;
        var passes = settings.Batching == GuidanceBatching.OneBatch
            ? new[] { new Pass(0, 2 * b) }
            : [new Pass(0, b), new Pass(b, b)];
        var prepared = passes.Select(p => PreparePass(p, b, text, textBlock, condition, mask, perClip, frames * framePlane)).ToList();
        try
        {
            var sample = new float[2 * b * perClip];
            var epsilon = new float[2 * b * perClip];
            var guided = new float[perClip];
            long[] shape = [0, LatentChannels, frames, side, side];
            for (var step = 0; step < scheduler.Timesteps.Count; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < b; i++)
                {
                    x[i].CopyTo(sample, i * perClip);
                    x[i].CopyTo(sample, (b + i) * perClip);
                }

                using var timestep = OrtValue.CreateTensorValueFromMemory(new long[] { scheduler.Timesteps[step] }, [1]);
                foreach (var pass in prepared)
                {
                    shape[0] = pass.Pass.Count;
                    using var sampleValue = OrtValue.CreateTensorValueFromMemory(
                        OrtMemoryInfo.DefaultInstance, sample.AsMemory(pass.Pass.Start * perClip, pass.Pass.Count * perClip), shape);
                    using var residuals = models.SparseCtrl.Run(timestep, pass.Text, pass.Condition, pass.Mask);
                    models.Unet.Run(sampleValue, timestep, pass.Text, residuals, epsilon.AsSpan(pass.Pass.Start * perClip, pass.Pass.Count * perClip));
                }

                for (var i = 0; i < b; i++)
                {
                    Guidance.Combine(epsilon.AsSpan(i * perClip, perClip), epsilon.AsSpan((b + i) * perClip, perClip), settings.GuidanceScale, guided);
                    scheduler.Step(x[i], guided, step, x[i]);
                }
            }
        }
        finally
        {
            foreach (var p in prepared)
            {
                p.Dispose();
            }
        }

        return [.. clips.Select((c, i) => new GeneratedClip(c.Key, Prompt(c.Caption), DecodeKept(x[i], frames, side), size, keyframes[i], x[i]))];
    }

    /// <summary>Reorders per-frame latents [F,4,h,w] to the 3-D layout [4,F,h,w].</summary>
    internal static float[] ToVideoLayout(float[] perFrame, int frames, int plane)
    {
        var video = new float[perFrame.Length];
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < LatentChannels; c++)
            {
                perFrame.AsSpan(((f * LatentChannels) + c) * plane, plane).CopyTo(video.AsSpan(((c * frames) + f) * plane, plane));
            }
        }

        return video;
    }

    private byte[] DecodeKept(float[] latents, int frames, int side)
    {
        var plane = side * side;
        var kept = FrameSchedule.OutputFrames;
        var selected = new float[kept.Count * LatentChannels * plane];
        for (var k = 0; k < kept.Count; k++)
        {
            for (var c = 0; c < LatentChannels; c++)
            {
                latents.AsSpan(((c * frames) + kept[k]) * plane, plane).CopyTo(selected.AsSpan(((k * LatentChannels) + c) * plane, plane));
            }
        }

        var (images, height, width) = models.VaeDecoder.Decode(selected, kept.Count, side, side);
        var pixels = height * width;
        var bytes = new byte[kept.Count * pixels * 3];
        for (var k = 0; k < kept.Count; k++)
        {
            FramePixels.ToBytes(images.AsSpan(k * 3 * pixels, 3 * pixels), pixels, 0.5f, 0.5f, bytes.AsSpan(k * pixels * 3, pixels * 3));
        }

        return bytes;
    }

    private PreparedPass PreparePass(Pass pass, int clips, float[] text, int textBlock, float[] condition, float[] mask, int perClip, int perMask)
    {
        // Pass rows are [uncond clips..., cond clips...]; the condition and mask repeat per clip in both halves.
        var textValue = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, text.AsMemory(pass.Start * textBlock, pass.Count * textBlock), [pass.Count, models.Text.Tokens, models.Text.Width]);
        var cond = new float[pass.Count * perClip];
        var masks = new float[pass.Count * perMask];
        for (var r = 0; r < pass.Count; r++)
        {
            var clip = (pass.Start + r) % clips;
            condition.AsSpan(clip * perClip, perClip).CopyTo(cond.AsSpan(r * perClip));
            mask.AsSpan(clip * perMask, perMask).CopyTo(masks.AsSpan(r * perMask));
        }

        int frames = FrameSchedule.GeneratedFrames, side = LatentSize;
        var condValue = OrtValue.CreateTensorValueFromMemory(cond, [pass.Count, LatentChannels, frames, side, side]);
        var maskValue = OrtValue.CreateTensorValueFromMemory(masks, [pass.Count, 1, frames, side, side]);
        return new PreparedPass(pass, textValue, condValue, maskValue);
    }

    private readonly record struct Pass(int Start, int Count);

    private sealed record PreparedPass(Pass Pass, OrtValue Text, OrtValue Condition, OrtValue Mask) : IDisposable
    {
        public void Dispose()
        {
            Text.Dispose();
            Condition.Dispose();
            Mask.Dispose();
        }
    }
}
