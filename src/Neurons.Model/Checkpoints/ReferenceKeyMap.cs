using System.Text.RegularExpressions;

namespace Neurons.Model.Checkpoints;

/// <summary>
/// How our state-dict keys relate to the reference's (xmed-lab/NEURONS <c>train_neurons.py</c>: the <c>Neurons</c>
/// module with attributes assigned in the order <c>backbone</c>, [<c>diffusion_prior</c>], <c>ridge</c>,
/// <c>clipproj</c>, [<c>text_seg_dec</c>, <c>text_dec</c>, <c>motion_proj</c>, <c>classifier</c>]). Stage 1 is
/// key-for-key identical. Stage 2 differs only in the caption decoder: our <c>text_dec.gpt.…</c> is the reference's
/// Hugging Face <c>text_dec.decoder.…</c>, whose <c>c_attn</c>/<c>c_proj</c>/<c>c_fc</c> are <c>Conv1D</c>
/// weights [in, out] (ours are <c>Linear</c> [out, in]: transposed), our <c>text_dec.clip_project</c> Linear is its
/// <c>text_mlp</c> <c>text_dec.clip_project.model.0</c>, and its state dict also carries the tied
/// <c>text_dec.decoder.lm_head.weight</c> (= <c>wte</c>).
/// </summary>
public sealed partial class ReferenceKeyMap
{
    private readonly bool decoupled;

    private ReferenceKeyMap(bool decoupled, IReadOnlyList<string> order)
    {
        this.decoupled = decoupled;
        TopLevelOrder = order;
    }

    /// <summary>Gets the stage-1 map (<c>NeuronsBrainModel</c>): identity, reference order backbone, ridge, clipproj.</summary>
    public static ReferenceKeyMap Brain { get; } = new(false, ["backbone", "ridge", "clipproj"]);

    /// <summary>Gets the stage-2 map (<c>NeuronsDecoupledModel</c>).</summary>
    public static ReferenceKeyMap Decoupled { get; } = new(
        true, ["backbone", "diffusion_prior", "ridge", "clipproj", "text_seg_dec", "text_dec", "motion_proj", "classifier"]);

    /// <summary>Gets the reference's top-level modules in the order its state dict lists them.</summary>
    public IReadOnlyList<string> TopLevelOrder { get; }

    /// <summary>Gets the reference keys that are tied to another key (not separate weights): reference key → tied-to reference key.</summary>
    public IReadOnlyDictionary<string, string> Tied => decoupled
        ? new Dictionary<string, string>(StringComparer.Ordinal) { ["text_dec.decoder.lm_head.weight"] = "text_dec.decoder.transformer.wte.weight" }
        : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Maps one of our keys to the reference's, and says whether the reference stores the tensor transposed.</summary>
    public (string Key, bool Transposed) ToReference(string ourKey)
    {
        ArgumentNullException.ThrowIfNull(ourKey);
        if (!decoupled)
        {
            return (ourKey, false);
        }

        if (ourKey.StartsWith("text_dec.gpt.", StringComparison.Ordinal))
        {
            var key = "text_dec.decoder." + ourKey["text_dec.gpt.".Length..];
            return (key, Conv1D().IsMatch(key));
        }

        return ourKey.StartsWith("text_dec.clip_project.", StringComparison.Ordinal)
            ? ("text_dec.clip_project.model.0." + ourKey["text_dec.clip_project.".Length..], false)
            : (ourKey, false);
    }

    /// <summary>The rank of a reference key's top-level module in <see cref="TopLevelOrder"/> (unknown modules last).</summary>
    public int Rank(string referenceKey)
    {
        ArgumentNullException.ThrowIfNull(referenceKey);
        var dot = referenceKey.IndexOf('.', StringComparison.Ordinal);
        var top = dot < 0 ? referenceKey : referenceKey[..dot];
        var i = TopLevelOrder.ToList().IndexOf(top);
        return i < 0 ? int.MaxValue : i;
    }

    [GeneratedRegex(@"^text_dec\.decoder\.transformer\.h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$")]
    private static partial Regex Conv1D();
}
