using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Annotate;

/// <summary>The parameters of the <c>annotate</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record AnnotateOptions
{
    /// <summary>Gets where annotations come from.</summary>
    /// <value><c>ollama</c>; also <c>openai</c> or <c>import</c>.</value>
    [Required]
    [AllowedValues("ollama", "openai", "import")]
    public string Provider { get; init; } = "ollama";

    /// <summary>Gets the server root URL.</summary>
    /// <value><c>http://127.0.0.1:11434</c>.</value>
    [Required]
    public string Endpoint { get; init; } = "http://127.0.0.1:11434";

    /// <summary>Gets the model tag or served model name.</summary>
    /// <value><c>qwen2.5vl:7b</c>.</value>
    [Required]
    public string Model { get; init; } = "qwen2.5vl:7b";

    /// <summary>Gets which frames are annotated.</summary>
    /// <value><c>key</c> (only <see cref="KeyFrame"/>); <c>all</c> for six rows per clip.</value>
    [AllowedValues("key", "all")]
    public string Frames { get; init; } = "key";

    /// <summary>Gets the key frame.</summary>
    /// <value>2.</value>
    [Range(0, 5)]
    public int KeyFrame { get; init; } = 2;

    /// <summary>Gets the prompts folder (<c>caption.yaml</c>, <c>caption.schema.json</c>, <c>objects.yaml</c>, <c>objects.schema.json</c>); empty = the built-in copy.</summary>
    /// <value><c>../../prompts</c> (relative to <c>stage.yaml</c>; the engine passes it resolved).</value>
    public string Prompts { get; init; } = "../../prompts";

    /// <summary>Gets the sampling temperature.</summary>
    /// <value>0.</value>
    [Range(0.0, 2.0)]
    public double Temperature { get; init; }

    /// <summary>Gets the seed of the first attempt.</summary>
    /// <value>1.</value>
    public int Seed { get; init; } = 1;

    /// <summary>Gets Ollama's context window.</summary>
    /// <value>4096.</value>
    [Range(256, 1 << 20)]
    public int NumCtx { get; init; } = 4096;

    /// <summary>Gets the most tokens generated per reply.</summary>
    /// <value>256.</value>
    [Range(16, 1 << 16)]
    public int MaxTokens { get; init; } = 256;

    /// <summary>Gets Ollama's <c>keep_alive</c>.</summary>
    /// <value><c>5m</c>.</value>
    public string KeepAlive { get; init; } = "5m";

    /// <summary>Gets a value indicating whether Ollama streams its reply.</summary>
    /// <value>False.</value>
    public bool Stream { get; init; }

    /// <summary>Gets the most requests in flight to the endpoint.</summary>
    /// <value>4.</value>
    [Range(1, 256)]
    public int MaxParallel { get; init; } = 4;

    /// <summary>Gets the seconds one attempt may take.</summary>
    /// <value>120.</value>
    [Range(0.01, 86400.0)]
    public double TimeoutS { get; init; } = 120.0;

    /// <summary>Gets the retries of a transport fault.</summary>
    /// <value>3.</value>
    [Range(0, 20)]
    public int Retries { get; init; } = 3;

    /// <summary>Gets the first retry delay in seconds.</summary>
    /// <value>1.</value>
    [Range(0.0, 600.0)]
    public double RetryDelayS { get; init; } = 1.0;

    /// <summary>Gets the times a request is sent when its reply is invalid.</summary>
    /// <value>3.</value>
    [Range(1, 20)]
    public int ReplyAttempts { get; init; } = 3;

    /// <summary>Gets the largest fraction of failed rows a shard may commit with.</summary>
    /// <value>0.05.</value>
    [Range(0.0, 1.0)]
    public double FailureThreshold { get; init; } = 0.05;

    /// <summary>Gets the release-format file imported by provider <c>import</c>, relative to the dataset root, with <c>{split}</c>.</summary>
    /// <value><c>annotations/qwen_{split}_caption_tag.json</c>.</value>
    public string ImportFile { get; init; } = "annotations/qwen_{split}_caption_tag.json";

    /// <summary>Gets the environment variable holding an OpenAI-compatible server's bearer token.</summary>
    /// <value><c>OPENAI_API_KEY</c>.</value>
    public string ApiKeyEnv { get; init; } = "OPENAI_API_KEY";
}
