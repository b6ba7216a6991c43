using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Hosting;

/// <summary>What the hosted run produced, read by the command after the host stops.</summary>
internal sealed class RunOutcome
{
    public IReadOnlyList<ItemResult> Results { get; set; } = [];

    public bool Cancelled { get; set; }

    public Exception? Crash { get; set; }
}
