namespace Neurons.Vision.Grounding;

/// <summary>Pre- and post-processing settings of Grounding DINO.</summary>
public sealed record GroundingDinoOptions
{
    /// <summary>Gets the box threshold: a query is kept when its best token score exceeds it.</summary>
    /// <value>Default 0.35 (GroundingDINO README).</value>
    public float BoxThreshold { get; init; } = 0.35f;

    /// <summary>Gets the text threshold: a kept query is assigned to a phrase when one of the phrase's token scores exceeds it.</summary>
    /// <value>Default 0.25.</value>
    public float TextThreshold { get; init; } = 0.25f;

    /// <summary>Gets the short side the image is resized to, aspect kept (the reference demo's <c>RandomResize([800])</c>).</summary>
    /// <value>Default 800.</value>
    public int ShortSide { get; init; } = 800;

    /// <summary>Gets the longest side allowed after resizing.</summary>
    /// <value>Default 1333.</value>
    public int MaxSize { get; init; } = 1333;

    /// <summary>Gets a fixed input width (0 = keep the aspect ratio). X-AnyLabeling and the OpenVINO demo stretch to 1200×800; exports with a fixed <c>img</c> shape need it.</summary>
    /// <value>Default 0.</value>
    public int FixedWidth { get; init; }

    /// <summary>Gets a fixed input height (0 = keep the aspect ratio).</summary>
    /// <value>Default 0.</value>
    public int FixedHeight { get; init; }

    /// <summary>Gets the maximum number of text tokens (the model's <c>max_text_len</c>).</summary>
    /// <value>Default 256.</value>
    public int MaxTextLength { get; init; } = 256;
}
