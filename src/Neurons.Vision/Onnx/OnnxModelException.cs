namespace Neurons.Vision.Onnx;

/// <summary>A model file that cannot be used: missing, unreadable, or with the wrong signature. The message is one line naming the file and the problem.</summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OnnxModelException"/> class.</summary>
    public OnnxModelException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnnxModelException"/> class.</summary>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnnxModelException"/> class.</summary>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
