namespace Neurons.Annotation.KeyObjects;

/// <summary>Which version of the key-object rules to apply (docs/concepts.md § Key objects).</summary>
public enum KeyObjectMode
{
    /// <summary>
    /// As the authors coded it: frames matched by label index, priority categories chosen before the
    /// area filter, the area filter only for the rest (dropped when it leaves nothing), and "None"
    /// with empty masks when no object could be followed between two frames.
    /// </summary>
    Reference,

    /// <summary>
    /// As the paper describes it: an object is followed by its own name between frames, the area
    /// filter applies to every candidate (priority ones included), and when no candidate is left the
    /// largest object (mean area over its frames) is chosen; "None" only when the clip has no
    /// non-background mask at all.
    /// </summary>
    Paper,
}
