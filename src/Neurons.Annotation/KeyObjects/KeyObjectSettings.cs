namespace Neurons.Annotation.KeyObjects;

/// <summary>Settings of the key-object rules.</summary>
public sealed record KeyObjectSettings
{
    /// <summary>Gets which version of the rules to apply.</summary>
    /// <value>Default <see cref="KeyObjectMode.Reference"/>.</value>
    public KeyObjectMode Mode { get; init; } = KeyObjectMode.Reference;

    /// <summary>Gets the factor on a priority category's displacement.</summary>
    /// <value>Default 2 (the reference code).</value>
    public double PriorityWeight { get; init; } = 2.0;

    /// <summary>Gets the area fraction a candidate must stay under.</summary>
    /// <value>Default 0.5.</value>
    public double MaxArea { get; init; } = 0.5;

    /// <summary>Gets how many categories of the final ordering are reported.</summary>
    /// <value>Default 1 (the reference run).</value>
    public int TopK { get; init; } = 1;

    /// <summary>Gets the number of frames per clip; masks are produced for frames 0 to FrameCount − 1.</summary>
    /// <value>Default 6.</value>
    public int FrameCount { get; init; } = 6;
}
