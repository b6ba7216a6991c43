using System.ClientModel.Primitives;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Removes the <c>Authorization</c> header just before a request is sent: the OpenAI package always needs a
/// credential, and a server started without a key (vLLM without <c>--api-key</c>, Ollama) gets no header at all.
/// </summary>
internal sealed class NoAuthorizationPolicy : PipelinePolicy
{
    /// <inheritdoc/>
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Remove("Authorization");
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc/>
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Remove("Authorization");
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
