namespace Neurons.Engine.Config;

/// <summary>The type of a stage parameter as declared in <c>stage.yaml</c>.</summary>
public enum ParameterType
{
    /// <summary>A 64-bit integer.</summary>
    Int,

    /// <summary>A double-precision number.</summary>
    Float,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A string, optionally restricted to <c>allowed</c> values.</summary>
    String,

    /// <summary>A list of scalars (kept as strings).</summary>
    List,

    /// <summary>A file path, resolved against the directory of <c>pipeline.yaml</c>; its content hash is part of the fingerprint.</summary>
    Path,

    /// <summary>
    /// A file relative to the dataset root, <c>{split}</c> replaced by the shard's split; passed to the stage as
    /// written and, like <see cref="Path"/>, counted by content in fingerprints.
    /// </summary>
    DatasetPath,
}
