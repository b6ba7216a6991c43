namespace Neurons.Stages.Tests.Generate;

/// <summary>A synchronous progress sink that cancels a run once progress reaches a fraction (a killed run, deterministically).</summary>
internal sealed class CancelAfterProgress(CancellationTokenSource source, double fraction) : IProgress<double>
{
    public void Report(double value)
    {
        if (value >= fraction)
        {
            source.Cancel();
        }
    }
}
