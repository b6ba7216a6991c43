namespace Neurons.Engine.Profiling;

/// <summary>One work item that ran: its stage and when it started and ended, in seconds from any common origin.</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Start">When the item started.</param>
/// <param name="End">When it finished (not before <paramref name="Start"/>).</param>
public sealed record ItemSpan(string Stage, double Start, double End)
{
    /// <summary>Gets the item's wall time.</summary>
    public double Seconds => End - Start;
}
