namespace Neurons.Model.Checkpoints;

/// <summary>How <c>ReferenceCheckpoint.Load</c> treats a checkpoint.</summary>
public sealed record ReferenceLoadOptions
{
    /// <summary>Gets the stage-1 training initialisation of the reference: MindEye2's <c>last.pth</c> into a model
    /// that has only <c>backbone</c> (the ridge and <c>clipproj</c> are created fresh afterwards).</summary>
    public static ReferenceLoadOptions BrainInit { get; } = new() { Parts = ["backbone"] };

    /// <summary>Gets the stage-2 training initialisation of the reference: <c>last.pth</c> into a model that has
    /// <c>backbone</c> and <c>diffusion_prior</c> (the stage-1 brain is loaded over the backbone afterwards).</summary>
    public static ReferenceLoadOptions DecoupledInit { get; } = new() { Parts = ["backbone", "diffusion_prior"] };

    /// <summary>Gets the inference load of released weights: every key of the model must be in the file.</summary>
    public static ReferenceLoadOptions Complete { get; } = new() { RequireAll = true };

    /// <summary>Gets the top-level modules the reference model has at load time (null: all of ours). Keys of other
    /// modules are unexpected, as they are for the reference, and those modules keep their weights.</summary>
    /// <value>Default null.</value>
    public IReadOnlyList<string>? Parts { get; init; }

    /// <summary>Gets a value indicating whether a missing key is an error (inference) rather than reported (training).</summary>
    /// <value>Default false (PyTorch's <c>strict=False</c>).</value>
    public bool RequireAll { get; init; }
}
