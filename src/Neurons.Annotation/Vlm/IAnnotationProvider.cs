using Neurons.Data.Tables;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Where annotations come from: a VLM asked per frame (<c>ollama</c>, <c>openai</c>) or a published
/// file (<c>import</c>). Implementations never throw for a single clip's failure: they return a
/// failed <see cref="AnnotationOutcome"/> with the reason; they throw only on cancellation.
/// </summary>
public interface IAnnotationProvider
{
    /// <summary>Gets the provider kind: <c>ollama</c>, <c>openai</c> or <c>import</c>.</summary>
    string Kind { get; }

    /// <summary>Gets the model written to every row (<c>qwen2.5vl:7b</c>; <c>import</c> for imported rows).</summary>
    string Model { get; }

    /// <summary>Gets the hash written to every row's <c>prompt_hash</c> (prompt and schema texts; for import, the file's content).</summary>
    string PromptHash { get; }

    /// <summary>Annotates one frame of a clip.</summary>
    Task<AnnotationOutcome> AnnotateAsync(ClipRow clip, int frame, CancellationToken cancellationToken);
}
