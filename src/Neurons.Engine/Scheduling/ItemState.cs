namespace Neurons.Engine.Scheduling;

/// <summary>Where a work item stands, for <c>pipeline status</c> and <c>--dry-run</c>.</summary>
public enum ItemState
{
    /// <summary>Every output is committed with the current fingerprint.</summary>
    Done,

    /// <summary>Outputs exist but were computed from something that has changed since.</summary>
    Stale,

    /// <summary>An output does not exist.</summary>
    Missing,

    /// <summary>The last attempt failed and nothing newer is committed.</summary>
    Failed,

    /// <summary>An input it needs does not exist, so it cannot run yet.</summary>
    Waiting,
}
