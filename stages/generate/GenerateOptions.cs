namespace Neurons.Stages.Generate;

/// <summary>The parameters of the <c>generate</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record GenerateOptions
{
    /// <summary>Gets the <c>keyframe</c> parameter: SparseCtrl's frame-0 condition - blurry (the first blurry frame weighted by the mean mask, no extra model; a documented deviation) or unclip (the reference - the unCLIP UNet on decoded.keyframe_tokens, EulerEDM 38 steps, CFG 5).</summary>
    /// <value><c>blurry</c>.</value>
    public string Keyframe { get; init; } = "blurry";

    /// <summary>Gets the <c>mask_keyframe</c> parameter: Weight the blurry keyframe by the clip's mean mask (0.5 background, 1 object), as the reference weights the unCLIP tokens.</summary>
    /// <value><c>true</c>.</value>
    public bool MaskKeyframe { get; init; } = true;

    /// <summary>Gets the <c>steps</c> parameter: DDIM steps (leading spacing, offset 1 - 961, 921, ..., 1 for 25).</summary>
    /// <value><c>25</c>.</value>
    public int Steps { get; init; } = 25;

    /// <summary>Gets the <c>guidance_scale</c> parameter: Classifier-free guidance scale.</summary>
    /// <value><c>8.5</c>.</value>
    public double GuidanceScale { get; init; } = 8.5;

    /// <summary>Gets the <c>guidance_batching</c> parameter: one_batch runs unconditional and conditional halves in one batch; two_passes runs them separately (less memory, same result).</summary>
    /// <value><c>one_batch</c>.</value>
    public string GuidanceBatching { get; init; } = "one_batch";

    /// <summary>Gets the <c>size</c> parameter: Video side in pixels (latents are size/8).</summary>
    /// <value><c>256</c>.</value>
    public int Size { get; init; } = 256;

    /// <summary>Gets the <c>prompt_suffix</c> parameter: Appended to every caption (the reference's suffix).</summary>
    /// <value><c>, 8k uhd, dslr, soft lighting, high quality, film grain, ...</c>.</value>
    public string PromptSuffix { get; init; } = ", 8k uhd, dslr, soft lighting, high quality, film grain, Fujifilm XT3";

    /// <summary>Gets the <c>negative_prompt</c> parameter: Negative prompt (control.yaml's; truncated to 77 tokens by the tokenizer).</summary>
    /// <value><c>semi-realistic, cgi, 3d, render, sketch, cartoon, drawing...</c>.</value>
    public string NegativePrompt { get; init; } = "semi-realistic, cgi, 3d, render, sketch, cartoon, drawing, anime, text, close up, cropped, out of frame, worst quality, low quality, jpeg artifacts, ugly, duplicate, morbid, mutilated, extra fingers, mutated hands, poorly drawn hands, poorly drawn face, mutation, deformed, blurry, dehydrated, bad anatomy, bad proportions, extra limbs, cloned face, disfigured, gross proportions, malformed limbs, missing arms, missing legs, extra arms, extra legs, fused fingers, too many fingers, long neck";

    /// <summary>Gets the <c>seed</c> parameter: Seed of every clip's Gaussian stream when seed_mode is reference (the reference calls torch.manual_seed(0) before every clip).</summary>
    /// <value><c>0</c>.</value>
    public int Seed { get; init; } = 0;

    /// <summary>Gets the <c>seed_mode</c> parameter: reference - every clip's stream starts from seed; clip - each clip uses its decoded row's own seed.</summary>
    /// <value><c>reference</c>.</value>
    public string SeedMode { get; init; } = "reference";

    /// <summary>Gets the <c>batch_size</c> parameter: Clips per graph batch (a clip's result does not depend on it).</summary>
    /// <value><c>1</c>.</value>
    public int BatchSize { get; init; } = 1;

    /// <summary>Gets the <c>unclip_steps</c> parameter: EulerEDM steps of the unclip keyframe.</summary>
    /// <value><c>38</c>.</value>
    public int UnclipSteps { get; init; } = 38;

    /// <summary>Gets the <c>unclip_guidance_scale</c> parameter: Guidance scale of the unclip keyframe.</summary>
    /// <value><c>5.0</c>.</value>
    public double UnclipGuidanceScale { get; init; } = 5.0;

    /// <summary>Gets the <c>unclip_offset_noise</c> parameter: Offset noise of the unclip keyframe's starting latents.</summary>
    /// <value><c>0.04</c>.</value>
    public double UnclipOffsetNoise { get; init; } = 0.04;

    /// <summary>Gets the <c>unclip_latent_size</c> parameter: Latent side of the unclip keyframe (96 for 768-pixel keyframes).</summary>
    /// <value><c>96</c>.</value>
    public int UnclipLatentSize { get; init; } = 96;

    /// <summary>Gets the <c>text_encoder_model</c> parameter: CLIP ViT-L/14 text encoder (RealisticVision weights) - input_ids -&gt; last_hidden_state (tools/export).</summary>
    /// <value><c>../../models/animatediff/text_encoder.onnx</c>.</value>
    public string TextEncoderModel { get; init; } = "../../models/animatediff/text_encoder.onnx";

    /// <summary>Gets the <c>clip_vocab</c> parameter: CLIP BPE vocabulary (vocab.json).</summary>
    /// <value><c>../../models/animatediff/vocab.json</c>.</value>
    public string ClipVocab { get; init; } = "../../models/animatediff/vocab.json";

    /// <summary>Gets the <c>clip_merges</c> parameter: CLIP BPE merges (merges.txt).</summary>
    /// <value><c>../../models/animatediff/merges.txt</c>.</value>
    public string ClipMerges { get; init; } = "../../models/animatediff/merges.txt";

    /// <summary>Gets the <c>vae_encoder_model</c> parameter: SD VAE encoder with optimum's latent_parameters output (the posterior mean is used).</summary>
    /// <value><c>../../models/animatediff/vae_encoder.onnx</c>.</value>
    public string VaeEncoderModel { get; init; } = "../../models/animatediff/vae_encoder.onnx";

    /// <summary>Gets the <c>vae_decoder_model</c> parameter: SD VAE decoder (latent_sample -&gt; sample).</summary>
    /// <value><c>../../models/animatediff/vae_decoder.onnx</c>.</value>
    public string VaeDecoderModel { get; init; } = "../../models/animatediff/vae_decoder.onnx";

    /// <summary>Gets the <c>sparsectrl_model</c> parameter: SparseCtrl RGB encoder (12 down + 1 mid residual).</summary>
    /// <value><c>../../models/animatediff/sparsectrl_rgb.onnx</c>.</value>
    public string SparsectrlModel { get; init; } = "../../models/animatediff/sparsectrl_rgb.onnx";

    /// <summary>Gets the <c>unet_model</c> parameter: UNet3D with the v3 motion modules and the adapter LoRA merged (external data beside it).</summary>
    /// <value><c>../../models/animatediff/unet3d.onnx</c>.</value>
    public string UnetModel { get; init; } = "../../models/animatediff/unet3d.onnx";

    /// <summary>Gets the <c>unclip_unet_model</c> parameter: The unCLIP keyframe UNet (keyframe unclip only).</summary>
    /// <value><c>../../models/unclip/unclip6_unet.onnx</c>.</value>
    public string UnclipUnetModel { get; init; } = "../../models/unclip/unclip6_unet.onnx";

    /// <summary>Gets the <c>unclip_vae_decoder_model</c> parameter: The unCLIP keyframe's SDXL VAE decoder (keyframe unclip only).</summary>
    /// <value><c>../../models/unclip/sdxl_vae_decoder.onnx</c>.</value>
    public string UnclipVaeDecoderModel { get; init; } = "../../models/unclip/sdxl_vae_decoder.onnx";

    /// <summary>Gets the <c>write_videos</c> parameter: Write each clip's MP4 and side-by-side GIF into the shard's files folder.</summary>
    /// <value><c>true</c>.</value>
    public bool WriteVideos { get; init; } = true;

    /// <summary>Gets the <c>fps</c> parameter: Frame rate of the MP4 and GIF (the reference's GIFs are 8 fps).</summary>
    /// <value><c>8</c>.</value>
    public int Fps { get; init; } = 8;

    /// <summary>Gets the <c>crf</c> parameter: H.264 constant rate factor of the MP4 (0 lossless).</summary>
    /// <value><c>18</c>.</value>
    public int Crf { get; init; } = 18;

    /// <summary>Gets the <c>onnx_threads</c> parameter: ONNX Runtime intra-op threads per session (0 = one per core).</summary>
    /// <value><c>0</c>.</value>
    public int OnnxThreads { get; init; } = 0;

    /// <summary>Gets the <c>onnx_optimization</c> parameter: ONNX Runtime graph optimisation level.</summary>
    /// <value><c>all</c>.</value>
    public string OnnxOptimization { get; init; } = "all";

    /// <summary>Gets the <c>execution_provider</c> parameter: ONNX Runtime execution provider; cuda needs the GPU build (dotnet build -p:Accelerator=cuda).</summary>
    /// <value><c>cpu</c>.</value>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>Gets the <c>device_id</c> parameter: CUDA device ordinal when execution_provider is cuda.</summary>
    /// <value><c>0</c>.</value>
    public int DeviceId { get; init; } = 0;
}
