namespace Neurons.Engine.Workspace;

/// <summary>The workspace folder holds files the pipeline did not write, so no run may use it (exit code 2).</summary>
public sealed class WorkspaceRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WorkspaceRefusedException"/> class.</summary>
    public WorkspaceRefusedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkspaceRefusedException"/> class.</summary>
    public WorkspaceRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkspaceRefusedException"/> class.</summary>
    public WorkspaceRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
