using System.Text.Json;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupler;
using Neurons.Model.IO;
using Neurons.Model.Prior;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupled;

/// <summary>
/// The full NEURONS model of stage 2 (xmed-lab/NEURONS <c>model_variants/BrainModel_neurons.py</c> with
/// <c>--neurons_decoupler</c>; docs/model.md): the frozen stage-1 parts <c>ridge</c>, <c>backbone</c> and
/// <c>clipproj</c>, and the trained <c>diffusion_prior</c>, <c>motion_proj</c>, <c>classifier</c>,
/// <c>text_seg_dec</c> and <c>text_dec</c>. State-dict keys are the reference's top-level attribute names
/// (<c>ridge.linears.0.weight</c>, <c>diffusion_prior.…</c>, <c>text_dec.gpt.transformer.wte.weight</c>, …), so
/// the stage-1 export loads into the first three without a rename map. Saved as one safetensors file with the
/// configuration JSON in its metadata (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
public sealed class NeuronsDecoupledModel : nn.Module
{
    /// <summary>The <c>neurons.kind</c> metadata value of a saved model.</summary>
    public const string Kind = "neurons-decoupled-model/1";

    /// <summary>The <c>neurons.kind</c> metadata value of a stage-1 brain export (<c>Stage1Trainer.ExportModel</c>).</summary>
    public const string BrainKind = "neurons-brain-model/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private static readonly string[] BrainParts = ["ridge", "backbone", "clipproj"];

    private readonly RidgeRegression ridge;
    private readonly BrainNetwork backbone;
    private readonly ClipProjection clipproj;
    private readonly DiffusionPrior diffusion_prior;
    private readonly MotionProjection motion_proj;
    private readonly ConceptClassifier classifier;
    private readonly TextDrivenDecoder text_seg_dec;
    private readonly PrefixCaptioner text_dec;

    /// <summary>Initializes a new instance of the <see cref="NeuronsDecoupledModel"/> class on the CPU, with fresh weights and the brain frozen.</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="random">The random stream of the dropouts (brain, decoupler, GPT-2) and of GPT-2's initial weights.</param>
    /// <param name="initSeed">The seed of the prior's initial weights (drawn from a CPU generator of its own); the
    /// other parts draw from the global stream, which the caller seeds.</param>
    public NeuronsDecoupledModel(DecoupledModelConfig config, RandomSource random, long initSeed = 42)
        : base(nameof(NeuronsDecoupledModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        Config = config;
        ridge = new RidgeRegression(config.Brain.Voxels, config.Brain.Hidden);
        backbone = new BrainNetwork(config.Brain, random);
        clipproj = new ClipProjection(config.Brain.Width, config.Brain.TextWidth);
        using (var init = new Generator((ulong)initSeed, CPU))
        {
            diffusion_prior = new DiffusionPrior(config.Prior, init);
        }

        motion_proj = new MotionProjection(config.Decoupler);
        classifier = new ConceptClassifier(config.Decoupler);
        text_seg_dec = new TextDrivenDecoder(config.Decoupler, random);
        text_dec = new PrefixCaptioner(config.Gpt2, config.Brain.TextWidth, config.CaptionPadId, random.Generator);
        RegisterComponents();
        FreezeBrain();
    }

    /// <summary>Gets the configuration the model was built from.</summary>
    public DecoupledModelConfig Config { get; }

    /// <summary>Gets the diffusion prior (<c>diffusion_prior</c>).</summary>
    public DiffusionPrior Prior => diffusion_prior;

    /// <summary>Gets the motion projection (<c>motion_proj</c>).</summary>
    public MotionProjection MotionProjection => motion_proj;

    /// <summary>Gets the 51-way concept classifier (<c>classifier</c>).</summary>
    public ConceptClassifier Classifier => classifier;

    /// <summary>Gets the text-driven decoder with its segmentation and reconstruction heads (<c>text_seg_dec</c>).</summary>
    public TextDrivenDecoder Decoder => text_seg_dec;

    /// <summary>Gets the GPT-2 prefix captioner (<c>text_dec</c>).</summary>
    public PrefixCaptioner Captioner => text_dec;

    /// <summary>Gets the trainable parameters with their state-dict names (everything but the frozen brain).</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> TrainableParameters() =>
        named_parameters().Where(p => !BrainParts.Any(b => p.name.StartsWith(b + ".", StringComparison.Ordinal)));

    /// <summary>Runs the frozen brain on one subject's voxels [B, V_subject] without a graph.</summary>
    /// <returns>The backbone tokens, the projector tokens (either conditions the prior: <see cref="PriorCondition"/>) and their text projection.</returns>
    public BrainOutput EncodeBrain(Tensor voxels, int subject)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        var brain = Config.Brain;
        if (subject < 0 || subject >= brain.Voxels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(subject), subject, $"the model has {brain.Voxels.Count} subject ridge(s)");
        }

        if (voxels.dim() != 2 || voxels.shape[1] != brain.Voxels[subject])
        {
            throw new ArgumentException($"voxels have shape [{string.Join(", ", voxels.shape)}], subject {subject} expects [B, {brain.Voxels[subject]}]", nameof(voxels));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var r = ridge.call(voxels, subject);
        var (bb, clip) = backbone.call(r);
        var text = clipproj.call(clip);
        return new BrainOutput(bb.MoveToOuterDisposeScope(), clip.MoveToOuterDisposeScope(), text.MoveToOuterDisposeScope());
    }

    /// <summary>Returns the brain output that conditions the diffusion prior (<see cref="DecoupledModelConfig.PriorCondition"/>).</summary>
    /// <param name="brain">The frozen brain's output.</param>
    public Tensor PriorCondition(BrainOutput brain)
    {
        ArgumentNullException.ThrowIfNull(brain);
        return Config.PriorCondition == PriorConditionKind.ClipVisionEmbeds ? brain.Clip : brain.Backbone;
    }

    /// <summary>
    /// Runs the frozen brain on one subject's voxels [B, V_subject] recording the graph, so gradients flow back to
    /// <paramref name="voxels"/> (the weights stay frozen); otherwise as <see cref="EncodeBrain"/>.
    /// </summary>
    /// <returns>The backbone tokens, the projector tokens and their text projection, with a graph to the voxels.</returns>
    public BrainOutput EncodeBrainWithGradient(Tensor voxels, int subject)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        var brain = Config.Brain;
        if (subject < 0 || subject >= brain.Voxels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(subject), subject, $"the model has {brain.Voxels.Count} subject ridge(s)");
        }

        if (voxels.dim() != 2 || voxels.shape[1] != brain.Voxels[subject])
        {
            throw new ArgumentException($"voxels have shape [{string.Join(", ", voxels.shape)}], subject {subject} expects [B, {brain.Voxels[subject]}]", nameof(voxels));
        }

        using var grad = enable_grad();
        using var scope = NewDisposeScope();
        var r = ridge.call(voxels, subject);
        var (bb, clip) = backbone.call(r);
        var text = clipproj.call(clip);
        return new BrainOutput(bb.MoveToOuterDisposeScope(), clip.MoveToOuterDisposeScope(), text.MoveToOuterDisposeScope());
    }

    /// <summary>The frozen <c>clipproj</c>: token mean [B, N, D] → CLIP text space [B, T] (gradients flow to the input).</summary>
    public Tensor ProjectText(Tensor tokens) => clipproj.call(tokens);

    /// <summary>Copies the stage-1 parts from a brain export (<c>ridge.*</c>, <c>backbone.*</c>, <c>clipproj.proj</c>), strictly.</summary>
    public void LoadBrain(string brainModelPath)
    {
        using var reader = new SafeTensorsReader(brainModelPath);
        if (reader.Metadata.TryGetValue("neurons.kind", out var kind) && kind != BrainKind)
        {
            throw new InvalidDataException($"{brainModelPath}: neurons.kind is '{kind}', a stage-1 brain model ('{BrainKind}') is needed");
        }

        if (reader.Metadata.TryGetValue("neurons.config", out var configJson))
        {
            var saved = JsonSerializer.Deserialize<BrainModelConfig>(configJson, Json);
            if (saved is null || JsonSerializer.Serialize(saved, Json) != JsonSerializer.Serialize(Config.Brain, Json))
            {
                throw new InvalidDataException($"{brainModelPath}: the brain was trained with config {configJson}; this model's brain is {JsonSerializer.Serialize(Config.Brain, Json)}");
            }
        }

        ModuleWeights.Load(ridge, reader, "ridge.");
        ModuleWeights.Load(backbone, reader, "backbone.");
        ModuleWeights.Load(clipproj, reader, "clipproj.");
        FreezeBrain();
    }

    /// <summary>Writes every weight and the configuration (metadata <c>neurons.config</c>) to a safetensors file, atomically.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">Extra metadata entries (e.g. subject, epoch).</param>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        meta["neurons.kind"] = Kind;
        meta["neurons.config"] = JsonSerializer.Serialize(Config, Json);
        SafeTensors.Save(path, ModuleWeights.Prefixed(this, string.Empty), meta);
    }

    /// <summary>Builds a model from a file written by <see cref="Save"/> (configuration from its metadata), on the CPU.</summary>
    public static NeuronsDecoupledModel Load(string path, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var reader = new SafeTensorsReader(path);
        if (!reader.Metadata.TryGetValue("neurons.kind", out var kind) || kind != Kind)
        {
            throw new InvalidDataException($"{path}: neurons.kind is '{kind ?? "(none)"}', a stage-2 model ('{Kind}') is needed");
        }

        var config = reader.Metadata.TryGetValue("neurons.config", out var json) ? JsonSerializer.Deserialize<DecoupledModelConfig>(json, Json) : null;
        if (config is null)
        {
            throw new InvalidDataException($"{path}: no readable neurons.config metadata");
        }

        var model = new NeuronsDecoupledModel(config, random);
        try
        {
            ModuleWeights.Load(model, reader);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Reads the configuration of a saved model without loading its weights.</summary>
    public static DecoupledModelConfig ReadConfig(string path)
    {
        using var reader = new SafeTensorsReader(path);
        return reader.Metadata.TryGetValue("neurons.config", out var json) && JsonSerializer.Deserialize<DecoupledModelConfig>(json, Json) is { } config
            ? config
            : throw new InvalidDataException($"{path}: no readable neurons.config metadata");
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ridge.Dispose();
            backbone.Dispose();
            clipproj.Dispose();
            diffusion_prior.Dispose();
            motion_proj.Dispose();
            classifier.Dispose();
            text_seg_dec.Dispose();
            text_dec.Dispose();
        }

        base.Dispose(disposing);
    }

    private void FreezeBrain()
    {
        foreach (var p in ridge.parameters().Concat(backbone.parameters()).Concat(clipproj.parameters()))
        {
            p.requires_grad = false;
        }
    }
}
