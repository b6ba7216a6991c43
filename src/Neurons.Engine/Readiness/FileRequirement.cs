namespace Neurons.Engine.Readiness;

/// <summary>
/// A model, vocabulary or data file (or folder) a stage reads: it must exist and be readable; its size and
/// SHA-256 are reported; <see cref="Check"/>, when given, verifies its content without running anything
/// (an ONNX wrapper's load-time signature check, a parser).
/// </summary>
/// <param name="Parameter">The <c>path</c> parameter naming it.</param>
/// <param name="Path">The resolved path.</param>
/// <param name="What">What it is, for messages (e.g. <c>vae-encoder model</c>).</param>
/// <param name="Recipe">Where the fix is documented.</param>
public sealed record FileRequirement(string Parameter, string Path, string What, string Recipe) : StageRequirement(Parameter, Recipe)
{
    /// <summary>Gets a value indicating whether the path names a folder (every file in it must be readable).</summary>
    public bool IsDirectory { get; init; }

    /// <summary>
    /// Gets the content check: throws with a one-line message when the file is not what the stage expects. Null checks
    /// only presence and readability.
    /// </summary>
    public Action<string>? Check { get; init; }

    /// <summary>
    /// Gets the check's identity for the result cache (e.g. <c>onnx:vae-encoder</c>, with any parameter it depends on):
    /// a passed check is not repeated while the file's size and modification time and the build stay the same.
    /// </summary>
    public string CheckId { get; init; } = string.Empty;
}
