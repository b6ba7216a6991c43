namespace Neurons.Annotation.KeyObjects;

/// <summary>Why the key object was chosen.</summary>
public enum KeyObjectReason
{
    /// <summary>No object qualified; the key object is "None" and its masks are empty.</summary>
    None,

    /// <summary>The priority category that moved most (weighted displacement).</summary>
    Priority,

    /// <summary>The object that moved most among those under the area limit.</summary>
    Moving,

    /// <summary>Reference mode only: every moving object was at or over the area limit, so the one that moved most.</summary>
    MovingLarge,

    /// <summary>Paper mode only: no moving candidate under the area limit, so the largest object.</summary>
    Largest,
}
