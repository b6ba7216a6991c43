namespace Neurons.Stages.ConceptText;

/// <summary>The parameters of the <c>concept_text</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record ConceptTextOptions
{
    /// <summary>Gets the CLIP text encoder file.</summary>
    /// <value><c>../../models/clip/vit_bigg14_textual.onnx</c>.</value>
    public string ClipTextModel { get; init; } = "../../models/clip/vit_bigg14_textual.onnx";

    /// <summary>Gets the text encoder's pooled output name.</summary>
    /// <value><c>text_embeds</c>.</value>
    public string ClipTextOutput { get; init; } = "text_embeds";

    /// <summary>Gets the CLIP vocabulary file.</summary>
    /// <value><c>../../models/clip/vocab.json</c>.</value>
    public string ClipVocab { get; init; } = "../../models/clip/vocab.json";

    /// <summary>Gets the CLIP merges file.</summary>
    /// <value><c>../../models/clip/merges.txt</c>.</value>
    public string ClipMerges { get; init; } = "../../models/clip/merges.txt";

    /// <summary>Gets the concept list file.</summary>
    /// <value><c>../../wordnet/concepts.yaml</c>.</value>
    public string Concepts { get; init; } = "../../wordnet/concepts.yaml";

    /// <summary>Gets the ONNX Runtime intra-op threads.</summary>
    /// <value>0.</value>
    public int OnnxThreads { get; init; }

    /// <summary>Gets the ONNX Runtime optimisation level.</summary>
    /// <value><c>all</c>.</value>
    public string OnnxOptimization { get; init; } = "all";

    /// <summary>Gets the execution provider.</summary>
    /// <value><c>cpu</c>.</value>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>Gets the CUDA device ordinal.</summary>
    /// <value>0.</value>
    public int DeviceId { get; init; }
}
