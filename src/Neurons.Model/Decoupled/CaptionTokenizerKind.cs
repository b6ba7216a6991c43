namespace Neurons.Model.Decoupled;

/// <summary>Which ids the GPT-2 captioner is trained to predict (docs/model.md).</summary>
public enum CaptionTokenizerKind
{
    /// <summary>GPT-2 BPE ids, the tokenizer GPT-2 was pretrained with (the default).</summary>
    Gpt2,

    /// <summary>The authors' code: CLIP BPE ids (SOT 49406 … EOT 49407, pad 0) fed straight into GPT-2's embedding.</summary>
    Reference,
}
