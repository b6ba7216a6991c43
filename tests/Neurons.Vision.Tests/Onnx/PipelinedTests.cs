using Neurons.Vision.Onnx;

namespace Neurons.Vision.Tests.Onnx;

public sealed class PipelinedTests
{
    [Fact]
    public void Run_ManyItems_YieldsEveryResultInOrderAndReleasesEachPreparedOnce()
    {
        // Given items 1..20, prepared as 10·i on another thread
        var released = new List<int>();

        // When run as x + prepared
        var results = Pipelined.Run(Enumerable.Range(1, 20), i => 10 * i, (i, p) => i + p, p => { lock (released) { released.Add(p); } }, CancellationToken.None).ToList();

        // Then results are 11·i in order, and each prepared value was released once
        Assert.Equal(Enumerable.Range(1, 20).Select(i => 11 * i), results);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => 10 * i), released.Order());
    }

    [Fact]
    public void Run_WhenCallerStopsEarly_ReleasesTheItemPreparedAhead()
    {
        // Given 10 items
        var prepared = 0;
        var released = 0;

        // When the caller takes 3 results and stops
        var taken = Pipelined.Run(Enumerable.Range(0, 10), i => { Interlocked.Increment(ref prepared); return i; }, (i, p) => p, _ => Interlocked.Increment(ref released), CancellationToken.None).Take(3).ToList();

        // Then the 4th item, prepared ahead, was released too: 4 prepared, 4 released
        Assert.Equal([0, 1, 2], taken);
        Assert.Equal(4, prepared);
        Assert.Equal(4, released);
    }

    [Fact]
    public void Run_WhenARunThrows_PropagatesItAndReleasesEverything()
    {
        // Given a run that fails on item 2
        var prepared = 0;
        var released = 0;
        var results = Pipelined.Run(
            Enumerable.Range(0, 5),
            i => { Interlocked.Increment(ref prepared); return i; },
            (i, p) => i == 2 ? throw new InvalidOperationException("item 2") : p,
            _ => Interlocked.Increment(ref released),
            CancellationToken.None);

        // When enumerated
        var error = Assert.Throws<InvalidOperationException>(() => results.ToList());

        // Then the caller sees the run's error, and items 0–3 (3 prepared ahead) were all released
        Assert.Equal("item 2", error.Message);
        Assert.Equal(4, prepared);
        Assert.Equal(4, released);
    }
}
