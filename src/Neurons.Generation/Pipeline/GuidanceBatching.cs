namespace Neurons.Generation.Pipeline;

/// <summary>How the unconditional and conditional predictions of classifier-free guidance are computed.</summary>
public enum GuidanceBatching
{
    /// <summary>One pass with both halves in the batch (unconditional first), as diffusers does.</summary>
    OneBatch,

    /// <summary>Two passes of half the batch (as OnnxStack does): less activation memory, same result.</summary>
    TwoPasses,
}
