using System.Globalization;

namespace Neurons.Annotation.Vlm;

/// <summary>The decoding options that change what a VLM answers; all of them are part of the reply cache key.</summary>
public sealed record VlmGenerationOptions
{
    /// <summary>Gets the sampling temperature.</summary>
    /// <value>0 (greedy), for reproducible replies.</value>
    public double Temperature { get; init; }

    /// <summary>Gets the sampling seed of the first attempt; attempt <c>k</c> after an invalid reply uses <c>Seed + k</c>.</summary>
    /// <value>1.</value>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the context window in tokens (Ollama <c>num_ctx</c>; not sent to OpenAI-compatible servers).</summary>
    /// <value>4096: one 224×224 image is about 64 visual tokens for Qwen2.5-VL, the prompts a few hundred.</value>
    public int NumCtx { get; init; } = 4096;

    /// <summary>Gets the most tokens generated per reply (Ollama <c>num_predict</c>, OpenAI <c>max_tokens</c>).</summary>
    /// <value>256.</value>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Returns the options in a fixed textual form (part of the cache key).</summary>
    public string ToCanonicalString() => string.Create(
        CultureInfo.InvariantCulture,
        $"temperature={Temperature:R};seed={Seed};num_ctx={NumCtx};max_tokens={MaxTokens}");
}
