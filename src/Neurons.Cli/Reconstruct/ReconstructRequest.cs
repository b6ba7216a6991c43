namespace Neurons.Cli.Reconstruct;

/// <summary>What <c>pipeline reconstruct</c> was asked for.</summary>
internal sealed record ReconstructRequest
{
    /// <summary>Gets the subject.</summary>
    public required int Subject { get; init; }

    /// <summary>Gets the clip of the workspace's splits whose fMRI is decoded, or null with <see cref="Cifti"/>.</summary>
    public string? ClipId { get; init; }

    /// <summary>Gets, with <see cref="ClipId"/>, the one repeat decoded instead of the repeats' mean (null: the mean, as <c>decode</c>).</summary>
    public int? Repeat { get; init; }

    /// <summary>Gets a raw run (<c>.dtseries.nii</c>) whose TR <see cref="Tr"/> is decoded, or null with <see cref="ClipId"/>.</summary>
    public string? Cifti { get; init; }

    /// <summary>Gets the TR of <see cref="Cifti"/>: clip position N of the window the <c>fmri</c> stage pairs with clips.</summary>
    public int? Tr { get; init; }

    /// <summary>Gets a stage-2 checkpoint other than the workspace's trained model, or null.</summary>
    public string? Weights { get; init; }

    /// <summary>Gets the output folder.</summary>
    public required string Output { get; init; }

    /// <summary>Gets a value indicating whether generation is skipped even when its models are configured.</summary>
    public bool DecodeOnly { get; init; }

    /// <summary>Gets a value indicating whether a folder holding other files is written into anyway.</summary>
    public bool Force { get; init; }
}
