namespace Neurons.Annotation.Vlm;

/// <summary>
/// The VLM endpoint cannot serve this run at all (it refuses connections, its name does not resolve, it does
/// not know the model, it rejects the credentials, or it stayed broken through every circuit trial): the
/// whole stage fails with this one line, which names the URL and the cause; no row is marked failed for it.
/// </summary>
public sealed class VlmEndpointException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="VlmEndpointException"/> class.</summary>
    public VlmEndpointException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VlmEndpointException"/> class.</summary>
    public VlmEndpointException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VlmEndpointException"/> class.</summary>
    public VlmEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
