namespace Neurons.Engine.Readiness;

/// <summary>The outcome of one readiness check: what was checked, and what is wrong with it (nothing when <see cref="Ok"/>).</summary>
/// <param name="Kind">What was checked: <c>file</c>, <c>endpoint</c>, <c>tool</c>, <c>gpu</c> or <c>disk</c>.</param>
/// <param name="Stages">The stages that need it (several when they share it).</param>
/// <param name="Parameter">The parameter it comes from, or empty.</param>
/// <param name="Subject">The path, URL, tool name or device checked.</param>
/// <param name="Ok">Whether it is ready.</param>
/// <param name="Message">What was found: the problem in one line, or what passed.</param>
/// <param name="Recipe">Where the fix is documented.</param>
public sealed record ReadinessFinding(string Kind, IReadOnlyList<string> Stages, string Parameter, string Subject, bool Ok, string Message, string Recipe)
{
    /// <summary>Gets the file's size in bytes (files and folders only).</summary>
    public long? Bytes { get; init; }

    /// <summary>Gets the file's SHA-256 (files only).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Gets a value indicating whether the content check's earlier pass was reused (same size, modification time and build).</summary>
    public bool Cached { get; init; }

    /// <summary>Gets the one line printed for a problem: <c>stage.parameter: message (fix: recipe)</c>.</summary>
    public string ProblemLine()
    {
        var where = Kind == "disk" ? Kind : Parameter.Length > 0 ? string.Join(", ", Stages.Select(s => $"{s}.{Parameter}")) : string.Join(", ", Stages);
        return $"{where}: {Message} (fix: {Recipe})";
    }
}
