namespace Neurons.Data.Cifti;

/// <summary>A CIFTI-2 / NIfTI-2 file is malformed; the message is one line naming the file and the problem.</summary>
public sealed class CiftiFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CiftiFormatException"/> class.</summary>
    public CiftiFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CiftiFormatException"/> class.</summary>
    /// <param name="message">The one-line message.</param>
    public CiftiFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CiftiFormatException"/> class.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="innerException">The cause.</param>
    public CiftiFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a file: "<c>&lt;path&gt;: &lt;problem&gt;</c>".</summary>
    internal static CiftiFormatException For(string path, string problem) => new($"{path}: {problem}");
}
