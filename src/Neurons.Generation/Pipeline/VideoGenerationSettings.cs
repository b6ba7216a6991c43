namespace Neurons.Generation.Pipeline;

/// <summary>The text-to-video settings (defaults: NEURONS' <c>control.yaml</c> and <c>inference-v3.yaml</c>).</summary>
public sealed record VideoGenerationSettings
{
    /// <summary>The prompt suffix the reference appends to every caption.</summary>
    public const string ReferenceSuffix = ", 8k uhd, dslr, soft lighting, high quality, film grain, Fujifilm XT3";

    /// <summary>The negative prompt of <c>configs/NeuroClips/control.yaml</c> (truncated to 77 tokens by the tokenizer).</summary>
    public const string ReferenceNegativePrompt = "semi-realistic, cgi, 3d, render, sketch, cartoon, drawing, anime, text, close up, cropped, out of frame, worst quality, low quality, jpeg artifacts, ugly, duplicate, morbid, mutilated, extra fingers, mutated hands, poorly drawn hands, poorly drawn face, mutation, deformed, blurry, dehydrated, bad anatomy, bad proportions, extra limbs, cloned face, disfigured, gross proportions, malformed limbs, missing arms, missing legs, extra arms, extra legs, fused fingers, too many fingers, long neck";

    /// <summary>Gets the DDIM steps (25).</summary>
    public int Steps { get; init; } = 25;

    /// <summary>Gets the guidance scale (8.5).</summary>
    public float GuidanceScale { get; init; } = 8.5f;

    /// <summary>Gets how guidance is batched.</summary>
    public GuidanceBatching Batching { get; init; } = GuidanceBatching.OneBatch;

    /// <summary>Gets the video side in pixels (256).</summary>
    public int Size { get; init; } = 256;

    /// <summary>Gets the prompt suffix.</summary>
    public string PromptSuffix { get; init; } = ReferenceSuffix;

    /// <summary>Gets the negative prompt.</summary>
    public string NegativePrompt { get; init; } = ReferenceNegativePrompt;

    /// <summary>Gets the keyframe mode.</summary>
    public KeyframeMode Keyframe { get; init; } = KeyframeMode.Blurry;

    /// <summary>Gets a value indicating whether the blurry keyframe is weighted by the clip's mean mask (0.5 / 1).</summary>
    public bool MaskKeyframe { get; init; } = true;

    /// <summary>Gets the unCLIP keyframe's EulerEDM steps (38).</summary>
    public int UnclipSteps { get; init; } = 38;

    /// <summary>Gets the unCLIP keyframe's guidance scale (5).</summary>
    public float UnclipGuidanceScale { get; init; } = 5f;

    /// <summary>Gets the unCLIP keyframe's offset noise (0.04).</summary>
    public double UnclipOffsetNoise { get; init; } = 0.04;

    /// <summary>Gets the unCLIP latent side (96 for 768² keyframes).</summary>
    public int UnclipLatentSize { get; init; } = 96;

    /// <summary>Gets the unCLIP keyframe decoder's latent scaling (SDXL 0.13025).</summary>
    public float UnclipScaling { get; init; } = 0.13025f;

    /// <summary>Gets the SD-1.5 latent scaling (0.18215).</summary>
    public float Scaling { get; init; } = 0.18215f;

    /// <summary>Checks the values; returns one-line problems (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Steps < 1 || Steps > 1000)
        {
            problems.Add($"steps {Steps} must be in 1..1000");
        }

        if (Size < 8 || Size % 64 != 0)
        {
            problems.Add($"size {Size} must be a positive multiple of 64 (the UNet downsamples latents by 8)");
        }

        if (!float.IsFinite(GuidanceScale) || !float.IsFinite(UnclipGuidanceScale))
        {
            problems.Add("guidance scales must be finite");
        }

        if (UnclipSteps < 1 || UnclipSteps > 999)
        {
            problems.Add($"unclip steps {UnclipSteps} must be in 1..999");
        }

        return problems;
    }
}
