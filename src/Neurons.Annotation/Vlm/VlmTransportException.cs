namespace Neurons.Annotation.Vlm;

/// <summary>A transport-level fault of a VLM call that is not an HTTP status: a malformed or truncated response body.</summary>
public sealed class VlmTransportException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VlmTransportException"/> class.</summary>
    public VlmTransportException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VlmTransportException"/> class.</summary>
    public VlmTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VlmTransportException"/> class.</summary>
    public VlmTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
