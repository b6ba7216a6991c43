namespace Neurons.Vision.Tests.Bench;

/// <summary>A benchmark, not a test: runs only when NEURONS_BENCH=1 and asserts nothing about time.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NEURONS_BENCH") != "1")
        {
            Skip = "benchmark: set NEURONS_BENCH=1 to run";
        }
    }
}
