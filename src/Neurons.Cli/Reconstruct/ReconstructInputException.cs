namespace Neurons.Cli.Reconstruct;

/// <summary>Input <c>pipeline reconstruct</c> refuses (unknown clip, TR out of range, no model, …): one line, exit 2.</summary>
internal sealed class ReconstructInputException : Exception
{
    public ReconstructInputException()
    {
    }

    public ReconstructInputException(string message)
        : base(message)
    {
    }

    public ReconstructInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
