namespace Neurons.Annotation.Tests.Vlm;

/// <summary>A benchmark: runs only when <c>NEURONS_BENCH=1</c> (it measures time, so it is not part of the normal suite).</summary>
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
