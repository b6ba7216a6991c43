namespace Neurons.Stages.Concepts;

/// <summary>The parameters of the <c>concepts</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record ConceptsOptions
{
    /// <summary>Gets how many ranked WordNet senses of an object name are followed.</summary>
    /// <value>1 (the first-ranked sense only); 1–3 allowed.</value>
    public int Senses { get; init; } = 1;

    /// <summary>Gets the concept list file (absolute once resolved by the engine).</summary>
    /// <value><c>../../wordnet/concepts.yaml</c> (relative to the stage folder: the repository's <c>wordnet/</c>); empty = the built-in copy.</value>
    public string ConceptsFile { get; init; } = "../../wordnet/concepts.yaml";

    /// <summary>Gets how many of the most frequent unmapped names the sidecar lists.</summary>
    /// <value>20.</value>
    public int TopUnmapped { get; init; } = 20;

    /// <summary>Gets a value indicating whether the clip's caption and other objects may pick a later sense of an ambiguous name.</summary>
    /// <value>True.</value>
    public bool Context { get; init; } = true;

    /// <summary>Gets a value indicating whether names WordNet cannot place are asked of the VLM (text only).</summary>
    /// <value>False (no server needed); the full profile turns it on.</value>
    public bool VlmFallback { get; init; }

    /// <summary>Gets the VLM provider of the fallback: <c>ollama</c> or <c>openai</c>.</summary>
    /// <value><c>ollama</c>.</value>
    public string Provider { get; init; } = "ollama";

    /// <summary>Gets the server root URL of the fallback.</summary>
    /// <value><c>http://127.0.0.1:11434</c>.</value>
    public string Endpoint { get; init; } = "http://127.0.0.1:11434";

    /// <summary>Gets the model of the fallback.</summary>
    /// <value><c>qwen2.5vl:7b</c>.</value>
    public string Model { get; init; } = "qwen2.5vl:7b";

    /// <summary>Gets the prompts folder holding <c>concepts.yaml</c>; empty = the built-in copy.</summary>
    /// <value><c>../../prompts</c>.</value>
    public string Prompts { get; init; } = "../../prompts";

    /// <summary>Gets the seconds one fallback request may take before it is abandoned and retried.</summary>
    /// <value>60.</value>
    public double TimeoutS { get; init; } = 60.0;

    /// <summary>Gets the retries of a transport fault.</summary>
    /// <value>3.</value>
    public int Retries { get; init; } = 3;

    /// <summary>Gets the most fallback requests in flight.</summary>
    /// <value>4.</value>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Gets how many times a name is asked when its reply is refused.</summary>
    /// <value>3.</value>
    public int ReplyAttempts { get; init; } = 3;

    /// <summary>Gets the environment variable holding an <c>openai</c> server's bearer token.</summary>
    /// <value><c>OPENAI_API_KEY</c>.</value>
    public string ApiKeyEnv { get; init; } = "OPENAI_API_KEY";
}
