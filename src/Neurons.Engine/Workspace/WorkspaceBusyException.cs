namespace Neurons.Engine.Workspace;

/// <summary>Another run holds the workspace.</summary>
public sealed class WorkspaceBusyException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WorkspaceBusyException"/> class.</summary>
    public WorkspaceBusyException(string message)
        : base(message)
    {
    }
}
