namespace Neurons.Annotation.Vlm;

/// <summary>
/// The two prompts of the annotate stage, read from one folder holding <c>caption.yaml</c>,
/// <c>caption.schema.json</c>, <c>objects.yaml</c> and <c>objects.schema.json</c> (the repository's
/// <c>prompts/</c>).
/// </summary>
/// <param name="Caption">The caption prompt.</param>
/// <param name="Objects">The object prompt.</param>
public sealed record AnnotationPrompts(PromptTemplate Caption, PromptTemplate Objects)
{
    /// <summary>Gets the folder of the copy shipped beside the executable.</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "prompts");

    /// <summary>Gets the combined hash of both prompts (the <c>prompt_hash</c> column).</summary>
    public string Hash => PromptTemplate.CombineHashes([Caption.Hash, Objects.Hash]);

    /// <summary>Loads both prompts from a folder (empty = <see cref="BuiltInDirectory"/>).</summary>
    /// <exception cref="InvalidDataException">The folder or one of its four files is missing or malformed (one line naming it).</exception>
    public static AnnotationPrompts Load(string directory)
    {
        var folder = string.IsNullOrEmpty(directory) ? BuiltInDirectory : directory;
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"{folder}: prompts folder not found (it must hold caption.yaml, caption.schema.json, objects.yaml, objects.schema.json)");
        }

        return new AnnotationPrompts(
            PromptTemplate.Load(Path.Combine(folder, "caption.yaml"), Path.Combine(folder, "caption.schema.json")),
            PromptTemplate.Load(Path.Combine(folder, "objects.yaml"), Path.Combine(folder, "objects.schema.json")));
    }
}
