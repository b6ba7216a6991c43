namespace Neurons.Engine.Scheduling;

/// <summary>The result of one work item in a run.</summary>
/// <param name="Item">The work item.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why it ran, or the error, or why it was blocked.</param>
/// <param name="Rows">Rows committed per output table (0 when nothing ran).</param>
/// <param name="Seconds">Wall time in seconds.</param>
public sealed record ItemResult(WorkItem Item, ItemOutcome Outcome, string Message, long Rows, double Seconds);
