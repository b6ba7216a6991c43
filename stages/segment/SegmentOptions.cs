namespace Neurons.Stages.Segment;

/// <summary>The parameters of the <c>segment</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record SegmentOptions
{
    /// <summary>Gets where masks come from.</summary>
    /// <value><c>grounded-sam</c>; also <c>import</c>.</value>
    public string Provider { get; init; } = "grounded-sam";

    /// <summary>Gets the frames that are segmented.</summary>
    /// <value>All six, 0–5.</value>
    public IReadOnlyList<string> Frames { get; init; } = ["0", "1", "2", "3", "4", "5"];

    /// <summary>Gets the import folder relative to the dataset root (<c>{split}</c> is replaced).</summary>
    /// <value><c>annotations/masks/{split}</c>.</value>
    public string ImportDir { get; init; } = "annotations/masks/{split}";

    /// <summary>Gets the Grounding DINO model file.</summary>
    /// <value><c>../../models/grounding-dino/groundingdino_swint_ogc.onnx</c>.</value>
    public string GroundingDinoModel { get; init; } = "../../models/grounding-dino/groundingdino_swint_ogc.onnx";

    /// <summary>Gets the BERT vocabulary file.</summary>
    /// <value><c>../../models/grounding-dino/vocab.txt</c>.</value>
    public string BertVocab { get; init; } = "../../models/grounding-dino/vocab.txt";

    /// <summary>Gets the SAM encoder file.</summary>
    /// <value><c>../../models/sam/sam_vit_b_encoder.onnx</c>.</value>
    public string SamEncoder { get; init; } = "../../models/sam/sam_vit_b_encoder.onnx";

    /// <summary>Gets the SAM decoder file.</summary>
    /// <value><c>../../models/sam/sam_vit_b_decoder.onnx</c>.</value>
    public string SamDecoder { get; init; } = "../../models/sam/sam_vit_b_decoder.onnx";

    /// <summary>Gets the box threshold.</summary>
    /// <value>0.35.</value>
    public double BoxThreshold { get; init; } = 0.35;

    /// <summary>Gets the text threshold.</summary>
    /// <value>0.25.</value>
    public double TextThreshold { get; init; } = 0.25;

    /// <summary>Gets the Grounding DINO input short side.</summary>
    /// <value>800.</value>
    public int ShortSide { get; init; } = 800;

    /// <summary>Gets the Grounding DINO input long side limit.</summary>
    /// <value>1333.</value>
    public int MaxSize { get; init; } = 1333;

    /// <summary>Gets a fixed Grounding DINO input width.</summary>
    /// <value>0 (keep aspect).</value>
    public int FixedWidth { get; init; }

    /// <summary>Gets a fixed Grounding DINO input height.</summary>
    /// <value>0 (keep aspect).</value>
    public int FixedHeight { get; init; }

    /// <summary>Gets the ONNX Runtime intra-op threads.</summary>
    /// <value>0 (one per core).</value>
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
