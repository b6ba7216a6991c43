using Neurons.Model.Brain;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>TextDrivenDecoder</c> (<c>text_seg_dec</c>, BrainModel_neurons.py L28–112; docs/model.md): text-driven
/// cross-attention (<c>q</c> Linear(D → T), <c>k</c>/<c>v</c>/<c>out</c> Linear(T → T), no biases, scale D^−½,
/// dropout 0.1 on the weights and on the output), the tokens as a [T, √N, √N] map, <c>maps_projector</c> (1×1
/// convolutions with GroupNorm(1) + ReLU), Dropout(0.3), <c>norm</c> GroupNorm(1), <c>video_decoder</c>
/// (<see cref="DecoderVideo"/>), then <c>seg_head</c> Conv3×3(→ 1) and <c>recon_head</c> Conv3×3(→ latent channels).
/// How the batch is grouped is <see cref="DecouplerConfig.Attention"/>: <see cref="DecouplerAttention.PerClip"/> lets
/// each clip's frames attend only to that clip's text and runs temporal attention within the clip;
/// <see cref="DecouplerAttention.Reference"/> attends across all texts and all frames of the batch, as the authors' code.
/// Dropout draws from the run's <see cref="RandomSource"/>. With <see cref="DecouplerConfig.StandardizeLatents"/> the
/// reconstruction head's output is mapped from standardized latents (<see cref="FitLatentStandardization"/>).
/// </summary>
public sealed class TextDrivenDecoder : nn.Module<Tensor, Tensor, DecoderOutput>
{
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear @out;
    private readonly GeneratorDropout attn_dropout;
    private readonly GeneratorDropout proj_dropout;
    private readonly GeneratorDropout dropout;
    private readonly GroupNorm norm;
    private readonly Sequential maps_projector;
    private readonly DecoderVideo video_decoder;
    private readonly Conv2d recon_head;
    private readonly Conv2d seg_head;
    private readonly double scale;
    private readonly Tensor? latent_mean;
    private readonly Tensor? latent_scale;

    /// <summary>Initializes a new instance of the <see cref="TextDrivenDecoder"/> class on the CPU.</summary>
    /// <param name="config">The sizes and the attention grouping.</param>
    /// <param name="random">The random stream the dropouts draw from.</param>
    public TextDrivenDecoder(DecouplerConfig config, RandomSource random)
        : base(nameof(TextDrivenDecoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        Config = config;
        int d = config.Width, t = config.TextWidth;
        q = nn.Linear(d, t, hasBias: false);
        k = nn.Linear(t, t, hasBias: false);
        v = nn.Linear(t, t, hasBias: false);
        @out = nn.Linear(t, t, hasBias: false);
        attn_dropout = new GeneratorDropout(config.AttentionDropout, random);
        proj_dropout = new GeneratorDropout(config.AttentionDropout, random);
        dropout = new GeneratorDropout(config.ProjectorDropout, random);
        var projected = config.ProjectorChannels[^1];
        norm = GroupNorms.Create(1, projected);
        maps_projector = MapsProjector(t, config.ProjectorChannels);
        video_decoder = new DecoderVideo(projected, config.DecoderChannels, config.LayersPerBlock, config.Groups);
        var last = config.DecoderChannels[^1];
        recon_head = nn.Conv2d(last, config.LatentChannels, 3, padding: 1);
        seg_head = nn.Conv2d(last, 1, 3, padding: 1);
        scale = Math.Pow(d, -0.5);
        RegisterComponents();
        if (config.StandardizeLatents)
        {
            // Registered by hand after RegisterComponents: they exist only with the option, so the reference keys stay as they are.
            latent_mean = zeros(config.LatentChannels, config.OutputSide, config.OutputSide);
            latent_scale = ones(1);
            register_buffer(nameof(latent_mean), latent_mean);
            register_buffer(nameof(latent_scale), latent_scale);
        }
    }

    /// <summary>
    /// Gets the unit of L_recon: the fitted latent scale s with <see cref="DecouplerConfig.StandardizeLatents"/>, else 1
    /// (the reference's plain L1).
    /// </summary>
    public double LatentLossUnit => latent_scale is null ? 1.0 : latent_scale.item<float>();

    /// <summary>Gets the configuration the decoder was built from.</summary>
    public DecouplerConfig Config { get; }

    /// <summary>
    /// Sets the standardization of <see cref="DecouplerConfig.StandardizeLatents"/> from the training latents: μ_L = their
    /// mean over clips and frames [C, h, w]; each output cell of μ is the mean of the μ_L cells that a nearest resize from
    /// the output side to h × w reads from it; s = √(mean((x − μ_L)²)) over every clip, frame, channel and cell (at least 1e-6).
    /// Without the option it does nothing.
    /// </summary>
    /// <param name="latents">The training split's VAE latents [n, frames, C, h, w].</param>
    public void FitLatentStandardization(Tensor latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.dim() != 5 || latents.shape[2] != Config.LatentChannels)
        {
            throw new ArgumentException($"text_seg_dec latents have shape [{string.Join(", ", latents.shape)}], expected [n, frames, {Config.LatentChannels}, h, w]", nameof(latents));
        }

        if (latent_mean is null || latent_scale is null)
        {
            return;
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = latents.to(ScalarType.Float64);
        var meanL = x.mean([0, 1]);
        var spread = x.sub(meanL).pow(2).mean().sqrt().clamp_min(1e-6);
        var rows = NearestSources(latents.shape[3], Config.OutputSide);
        var cols = NearestSources(latents.shape[4], Config.OutputSide);
        var rowCounts = rows.sum([0]).clamp_min(1);
        var colCounts = cols.sum([0]).clamp_min(1);
        var pooled = rows.T.matmul(meanL).matmul(cols).div(rowCounts.unsqueeze(1).mul(colCounts.unsqueeze(0)));
        latent_mean.copy_(pooled.to(latent_mean.dtype));
        latent_scale.copy_(spread.reshape(1).to(latent_scale.dtype));
    }

    /// <summary>Runs the decoder; same as <c>call(vision, text)</c>.</summary>
    /// <param name="vision">Motion tokens with frames folded into the batch, [B·frames, N, D] (clip-major).</param>
    /// <param name="text">One text vector per clip, [B, T].</param>
    public DecoderOutput Forward(Tensor vision, Tensor text) => call(vision, text);

    /// <inheritdoc cref="Forward"/>
    public override DecoderOutput forward(Tensor vision, Tensor text)
    {
        ArgumentNullException.ThrowIfNull(vision);
        ArgumentNullException.ThrowIfNull(text);
        long frames = Config.Frames, grid = Config.Grid;
        if (text.dim() != 2 || text.shape[1] != Config.TextWidth)
        {
            throw new ArgumentException($"text_seg_dec text has shape [{string.Join(", ", text.shape)}], expected [B, {Config.TextWidth}]", nameof(text));
        }

        var clips = text.shape[0];
        if (vision.dim() != 3 || vision.shape[0] != clips * frames || vision.shape[1] != Config.Tokens || vision.shape[2] != Config.Width)
        {
            throw new ArgumentException(
                $"text_seg_dec vision has shape [{string.Join(", ", vision.shape)}], expected [{clips * frames}, {Config.Tokens}, {Config.Width}] (B·frames for {clips} text vectors)",
                nameof(vision));
        }

        using var scope = NewDisposeScope();
        var query = q.call(vision);
        var key = k.call(text);
        var value = v.call(text);
        Tensor weights, context;
        var perClip = Config.Attention != DecouplerAttention.Reference;
        if (perClip)
        {
            // Each frame's tokens see only their own clip's text vector: [B·F, N, 1].
            var ownKey = key.repeat_interleave(frames, 0).unsqueeze(1);
            var ownValue = value.repeat_interleave(frames, 0).unsqueeze(1);
            weights = attn_dropout.call(query.matmul(ownKey.transpose(1, 2)).mul(scale).softmax(-1));
            context = weights.matmul(ownValue);
        }
        else
        {
            // The authors' code: every token attends over all B text vectors of the batch: [B·F, N, B].
            weights = attn_dropout.call(query.matmul(key.T).mul(scale).softmax(-1));
            context = weights.matmul(value);
        }

        var x = proj_dropout.call(@out.call(context));
        if (Config.Attention == DecouplerAttention.PerClipResidual)
        {
            // Without it a single text key makes every attention weight 1 and the brain tokens never reach the maps.
            x = x.add(query);
        }

        x = x.transpose(1, 2).reshape(clips * frames, Config.TextWidth, grid, grid);
        x = maps_projector.call(x);
        x = norm.call(dropout.call(x));
        var time = perClip ? frames : clips * frames;
        x = video_decoder.call(x, time);
        var segmentation = seg_head.call(x);
        var reconstruction = recon_head.call(x);
        if (latent_mean is not null && latent_scale is not null)
        {
            reconstruction = reconstruction.mul(latent_scale).add(latent_mean);
        }

        return new DecoderOutput(segmentation.MoveToOuterDisposeScope(), reconstruction.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            q.Dispose();
            k.Dispose();
            v.Dispose();
            @out.Dispose();
            attn_dropout.Dispose();
            proj_dropout.Dispose();
            dropout.Dispose();
            norm.Dispose();
            maps_projector.Dispose();
            video_decoder.Dispose();
            recon_head.Dispose();
            seg_head.Dispose();
        }

        base.Dispose(disposing);
    }

    // One-hot [target, side]: row y marks the source cell ⌊y·side/target⌋ that PyTorch's nearest resize reads.
    private static Tensor NearestSources(long target, int side)
    {
        var map = zeros(target, side, dtype: ScalarType.Float64);
        for (long y = 0; y < target; y++)
        {
            map[y, Math.Min(side - 1, (long)Math.Floor(y * ((double)side / target)))] = 1.0;
        }

        return map;
    }

    // Conv1×1(T → c₀, no bias) → GroupNorm(1) → ReLU → … → Conv1×1(c_{n−2} → c_{n−1}, bias): keys 0, 1, 3, 4, 6 in paper.
    private static Sequential MapsProjector(int input, IReadOnlyList<int> channels)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var previous = input;
        for (var i = 0; i < channels.Count; i++)
        {
            var last = i == channels.Count - 1;
            layers.Add(nn.Conv2d(previous, channels[i], 1, bias: last));
            if (!last)
            {
                layers.Add(GroupNorms.Create(1, channels[i]));
                layers.Add(nn.ReLU());
            }

            previous = channels[i];
        }

        return nn.Sequential(layers);
    }
}
