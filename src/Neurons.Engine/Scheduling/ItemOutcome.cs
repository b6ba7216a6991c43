namespace Neurons.Engine.Scheduling;

/// <summary>What happened to a work item in a run.</summary>
public enum ItemOutcome
{
    /// <summary>Already up to date; nothing ran.</summary>
    Skipped,

    /// <summary>Ran and committed its outputs.</summary>
    Succeeded,

    /// <summary>Ran and failed; nothing was committed.</summary>
    Failed,

    /// <summary>Could not run because an input is missing or its upstream failed.</summary>
    Blocked,

    /// <summary>Stopped by cancellation; nothing was committed.</summary>
    Cancelled,
}
