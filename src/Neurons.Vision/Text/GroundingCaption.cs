namespace Neurons.Vision.Text;

/// <summary>
/// The text inputs of a Grounding DINO export for one caption (batch 1, no padding): token ids, the
/// per-phrase position ids and the T×T block-diagonal self-attention mask
/// (<c>generate_masks_with_special_tokens_and_transfer_map</c>).
/// </summary>
public sealed class GroundingCaption
{
    internal GroundingCaption(string text, long[] inputIds, long[] positionIds, bool[] selfAttentionMask, IReadOnlyList<GroundingPhrase> phrases)
    {
        Text = text;
        InputIds = inputIds;
        PositionIds = positionIds;
        SelfAttentionMask = selfAttentionMask;
        Phrases = phrases;
    }

    /// <summary>Gets the caption text fed to the tokenizer (e.g. <c>dog . ball .</c>).</summary>
    public string Text { get; }

    /// <summary>Gets the number of tokens T.</summary>
    public int Length => InputIds.Length;

    /// <summary>Gets the BERT token ids, <c>[CLS] … [SEP]</c>.</summary>
    public long[] InputIds { get; }

    /// <summary>Gets the position ids: 0 for <c>[CLS]</c> and <c>[SEP]</c>, restarting at 0 after every separator.</summary>
    public long[] PositionIds { get; }

    /// <summary>Gets the T×T self-attention mask, row-major: every token attends to itself, each phrase (with its trailing separator) within itself.</summary>
    public bool[] SelfAttentionMask { get; }

    /// <summary>Gets the phrases in order with their token spans.</summary>
    public IReadOnlyList<GroundingPhrase> Phrases { get; }

    /// <summary>Returns the padding mask (all true for an unpadded caption).</summary>
    public bool[] AttentionMask() => Enumerable.Repeat(true, Length).ToArray();

    /// <summary>Returns the token type ids (all zero).</summary>
    public long[] TokenTypeIds() => new long[Length];
}
