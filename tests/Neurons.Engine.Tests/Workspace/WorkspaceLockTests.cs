using Microsoft.Extensions.Time.Testing;
using Neurons.Engine.Tests.Support;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Tests.Workspace;

public sealed class WorkspaceLockTests
{
    [Fact]
    public void Acquire_WhileAnotherRunHoldsIt_RefusesNamingTheHolder()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        using var first = WorkspaceLock.Acquire(dir.Path, ".lock", time);

        var error = Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.Acquire(dir.Path, ".lock", time));

        Assert.Contains($"is in use by another pipeline run (pid {Environment.ProcessId} on {Environment.MachineName} since 2026-11-24 08:00:00Z)", error.Message);
    }

    [Fact]
    public void Acquire_AfterRelease_Succeeds()
    {
        using var dir = new TempDirectory();
        WorkspaceLock.Acquire(dir.Path, ".lock", TimeProvider.System).Dispose();

        using var again = WorkspaceLock.Acquire(dir.Path, ".lock", TimeProvider.System);

        Assert.True(File.Exists(Path.Combine(dir.Path, ".lock")));
    }
}
