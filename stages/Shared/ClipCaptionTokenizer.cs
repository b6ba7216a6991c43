using Neurons.Model.Captioning;
using Neurons.Vision.Clip;

namespace Neurons.Stages.Shared;

/// <summary>
/// The <c>reference</c> caption tokenizer (docs/model.md): the authors' <c>open_clip.tokenize</c> ids — SOT 49406, the
/// CLIP BPE ids, EOT 49407, pad 0 — cut or padded to the caption length, fed straight into GPT-2's embedding. An
/// adapter over <see cref="ClipTokenizer"/> with the targets stage's vocabulary and merges. Glue between two libraries
/// (Neurons.Vision's tokenizer, Neurons.Model's captioner) that <c>train_decoupler</c> and <c>decode</c> share: it lives
/// in <c>stages/Shared</c>, which both declare under <c>code:</c>.
/// </summary>
internal sealed class ClipCaptionTokenizer(ClipTokenizer clip) : ICaptionTokenizer
{
    /// <inheritdoc/>
    public long PadId => 0;

    /// <inheritdoc/>
    public long StopId => clip.EndId;

    /// <inheritdoc/>
    public long[] Encode(string text, int length)
    {
        // open_clip pads to 77 and the reference then keeps the first `length` ids (an over-long caption loses its EOT).
        var full = clip.Encode(text);
        var row = new long[length];
        Array.Copy(full, row, Math.Min(length, full.Length));
        return row;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<long> ids) => clip.Decode(ids.TakeWhile(id => id != StopId));
}
