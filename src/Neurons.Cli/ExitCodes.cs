namespace Neurons.Cli;

/// <summary>The process exit codes of <c>pipeline</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for is done.</summary>
    public const int Success = 0;

    /// <summary>A stage failed (or could not run because an input is missing).</summary>
    public const int StageFailed = 1;

    /// <summary>Usage or configuration error; nothing ran.</summary>
    public const int UsageError = 2;

    /// <summary>Cancelled by Ctrl-C or SIGTERM; nothing half-written was committed.</summary>
    public const int Cancelled = 130;
}
