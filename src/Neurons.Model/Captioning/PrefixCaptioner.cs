using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// The NEURONS caption decoder (the reference's <c>text_dec</c>; docs/model.md § Caption decoder): <c>clip_project</c> (Linear text
/// width T → GPT-2 width W, with bias, no activation) turns the L2-normalised text vector into a 1-token prefix,
/// and <c>gpt</c> (<see cref="Gpt2LanguageModel"/>) reads [prefix, t₀ … t_(L−1)]. The last logit is dropped, so
/// position i predicts tᵢ. Loss: cross-entropy with label smoothing 0.1, ignoring <see cref="IgnoreId"/>.
/// </summary>
/// <remarks>
/// Target positions equal to <see cref="IgnoreId"/> are fed to <c>wte</c> as id 0 when the ignore id lies outside
/// the vocabulary (e.g. −100); with the reference's pad id 0 nothing changes. Causal attention means padding after
/// a caption never changes the positions before it.
/// </remarks>
public sealed class PrefixCaptioner : nn.Module
{
    /// <summary>The label smoothing of the caption loss (the reference's <c>CrossEntropyLoss(label_smoothing=0.1)</c>).</summary>
    public const double LabelSmoothing = 0.1;

    private readonly Linear clip_project;
    private readonly Gpt2LanguageModel gpt;

    /// <summary>Initializes a new instance of the <see cref="PrefixCaptioner"/> class on the CPU.</summary>
    /// <param name="config">The GPT-2 sizes.</param>
    /// <param name="textWidth">The width T of the text vector (1280 paper).</param>
    /// <param name="ignoreId">The target id the loss and accuracy ignore (the tokenizer's pad id).</param>
    /// <param name="generator">The random stream of the initial weights and of dropout in training mode.</param>
    public PrefixCaptioner(Gpt2Config config, int textWidth, long ignoreId, Generator generator)
        : base(nameof(PrefixCaptioner))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(generator);
        if (textWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(textWidth), textWidth, "the caption prefix text width must be ≥ 1");
        }

        TextWidth = textWidth;
        IgnoreId = ignoreId;
        clip_project = nn.Linear(textWidth, config.Width);
        gpt = new Gpt2LanguageModel(config, generator);
        RegisterComponents();
        using (no_grad())
        {
            // PyTorch's nn.Linear default: weight and bias U(−1/√in, 1/√in), drawn here from the generator.
            var bound = 1 / Math.Sqrt(textWidth);
            clip_project.weight!.uniform_(-bound, bound, generator);
            clip_project.bias!.uniform_(-bound, bound, generator);
        }
    }

    /// <summary>Gets the GPT-2 configuration.</summary>
    public Gpt2Config Config => gpt.Config;

    /// <summary>Gets the width T of the text vector the prefix is projected from.</summary>
    public int TextWidth { get; }

    /// <summary>Gets the target id ignored by <see cref="Loss"/> and <see cref="TokenAccuracy"/> (padding).</summary>
    public long IgnoreId { get; }

    /// <summary>Gets the language model (e.g. to load the released <c>gpt2</c> weights into it).</summary>
    public Gpt2LanguageModel Gpt => gpt;

    /// <summary>Returns the logits [B, L, V] where position i predicts target i (teacher forcing).</summary>
    /// <param name="prefixText">The text vectors [B, T], already L2-normalised (as the reference does before the call).</param>
    /// <param name="targetIds">The target ids [B, L] int64 (L + 1 ≤ positions).</param>
    public Tensor Logits(Tensor prefixText, Tensor targetIds)
    {
        CheckInputs(prefixText, targetIds);
        using var scope = NewDisposeScope();
        var inputIds = IgnoreId >= 0 && IgnoreId < Config.VocabSize ? targetIds : targetIds.masked_fill(targetIds.eq(IgnoreId), 0);
        var prefix = clip_project.call(prefixText).unsqueeze(1);
        var embeds = cat([prefix, gpt.Embed(inputIds)], 1);
        var logits = gpt.Forward(embeds);
        return logits.narrow(1, 0, targetIds.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The caption loss: mean over non-ignored positions of cross-entropy with label smoothing 0.1
    /// ((1 − ε)·(−log p_target) + ε/V·Σ_v −log p_v), as PyTorch's <c>CrossEntropyLoss(ignore_index, label_smoothing=0.1)</c>.
    /// </summary>
    /// <param name="prefixText">The text vectors [B, T], already L2-normalised.</param>
    /// <param name="targetIds">The target ids [B, L] int64; <see cref="IgnoreId"/> marks padding.</param>
    /// <returns>A scalar.</returns>
    public Tensor Loss(Tensor prefixText, Tensor targetIds)
    {
        using var scope = NewDisposeScope();
        return CaptionLoss(Logits(prefixText, targetIds), targetIds, IgnoreId).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Teacher-forced token accuracy: how many non-ignored target positions the argmax logit predicts, and how many
    /// positions were counted. Runs without gradient in the module's current mode (call <c>eval()</c> first to
    /// switch dropout off).
    /// </summary>
    public (long Correct, long Counted) TokenAccuracy(Tensor prefixText, Tensor targetIds)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return CountCorrect(Logits(prefixText, targetIds), targetIds, IgnoreId);
    }

    /// <summary>
    /// Greedy decoding (argmax at each step, no sampling): for each sample, the ids generated after its prefix,
    /// up to <paramref name="maxTokens"/>, stopping before <paramref name="stopId"/> (which is not returned).
    /// Dropout is off while decoding; keys and values of earlier positions are cached, so each step runs one new
    /// position. Samples are decoded independently (each one's sequence is [its prefix, its own tokens], with no
    /// padding), so a sample's result does not depend on its batch-mates.
    /// </summary>
    /// <param name="prefixText">The text vectors [B, T], already L2-normalised.</param>
    /// <param name="maxTokens">The most tokens per sample (1 ≤ maxTokens ≤ positions).</param>
    /// <param name="stopId">The id that ends a caption.</param>
    public IReadOnlyList<long[]> Greedy(Tensor prefixText, int maxTokens, long stopId)
    {
        ArgumentNullException.ThrowIfNull(prefixText);
        if (maxTokens < 1 || maxTokens > Config.Positions)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, $"greedy decoding needs 1 ≤ maxTokens ≤ {Config.Positions} (the model's positions)");
        }

        CheckPrefix(prefixText);
        var batch = (int)prefixText.shape[0];
        var results = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var done = new bool[batch];
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            using var cache = new Gpt2KeyValueCache(Config.Layers);
            using var scope = NewDisposeScope();
            var input = clip_project.call(prefixText).unsqueeze(1);
            for (var step = 0; step < maxTokens && done.Contains(false); step++)
            {
                using var stepScope = NewDisposeScope();
                var next = gpt.NextLogits(input, cache).argmax(-1);
                var ids = next.cpu().data<long>().ToArray();
                for (var b = 0; b < batch; b++)
                {
                    if (done[b])
                    {
                        continue;
                    }

                    if (ids[b] == stopId)
                    {
                        done[b] = true;
                    }
                    else
                    {
                        results[b].Add(ids[b]);
                    }
                }

                input = gpt.Embed(next).unsqueeze(1).MoveToOuterDisposeScope();
            }
        }
        finally
        {
            if (wasTraining)
            {
                train();
            }
        }

        return results.Select(r => r.ToArray()).ToArray();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            clip_project.Dispose();
            gpt.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Mean over the positions whose target is not <paramref name="ignoreId"/> of the label-smoothed cross-entropy
    /// (1 − ε)·(−log p_target) + ε/V·Σ_v −log p_v with ε = <see cref="LabelSmoothing"/>.
    /// </summary>
    /// <param name="logits">Logits [B, L, V].</param>
    /// <param name="targets">Targets [B, L] int64.</param>
    /// <param name="ignoreId">The ignored target id.</param>
    internal static Tensor CaptionLoss(Tensor logits, Tensor targets, long ignoreId) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1), ignore_index: ignoreId, label_smoothing: LabelSmoothing);

    /// <summary>Counts the positions whose argmax logit equals the target, among those whose target is not <paramref name="ignoreId"/>.</summary>
    internal static (long Correct, long Counted) CountCorrect(Tensor logits, Tensor targets, long ignoreId)
    {
        using var scope = NewDisposeScope();
        var counted = targets.ne(ignoreId);
        var correct = logits.argmax(-1).eq(targets).logical_and_(counted);
        return (correct.sum().item<long>(), counted.sum().item<long>());
    }

    private void CheckPrefix(Tensor prefixText)
    {
        if (prefixText.dim() != 2 || prefixText.shape[1] != TextWidth)
        {
            throw new ArgumentException(
                $"caption prefix text has shape [{string.Join(", ", prefixText.shape)}], the captioner expects [B, {TextWidth}]", nameof(prefixText));
        }
    }

    private void CheckInputs(Tensor prefixText, Tensor targetIds)
    {
        ArgumentNullException.ThrowIfNull(prefixText);
        ArgumentNullException.ThrowIfNull(targetIds);
        CheckPrefix(prefixText);
        if (targetIds.dim() != 2 || targetIds.shape[0] != prefixText.shape[0] || targetIds.dtype != ScalarType.Int64 || targetIds.shape[1] + 1 > Config.Positions)
        {
            throw new ArgumentException(
                $"caption target ids are {targetIds.dtype}[{string.Join(", ", targetIds.shape)}], the captioner expects int64[{prefixText.shape[0]}, L] with L + 1 ≤ {Config.Positions} positions",
                nameof(targetIds));
        }

        using var scope = NewDisposeScope();
        var outside = targetIds.ne(IgnoreId).logical_and_(targetIds.lt(0).logical_or_(targetIds.ge(Config.VocabSize)));
        if (outside.any().item<bool>())
        {
            var bad = targetIds.masked_select(outside)[0].item<long>();
            throw new ArgumentException(
                $"caption target id {bad} is outside GPT-2's vocabulary [0, {Config.VocabSize}) and is not the ignore id {IgnoreId}", nameof(targetIds));
        }
    }
}
