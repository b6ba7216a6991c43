using System.Diagnostics;
using Neurons.Engine.Tests.Support;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Tests.Workspace;

public sealed class WorkspaceShardLockTests
{
    [Fact]
    public void AcquireShardSet_TwoSetsOfTheSameCount_HoldTheWorkspaceTogether()
    {
        using var dir = new TempDirectory();

        using var first = WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System);
        using var second = WorkspaceLock.AcquireShardSet(dir.Path, 2, 2, TimeProvider.System);

        Assert.True(File.Exists(Path.Combine(dir.Path, ".lock-shard-1-of-2.holder")));
        Assert.True(File.Exists(Path.Combine(dir.Path, ".lock-shard-2-of-2.holder")));
    }

    [Fact]
    public void AcquireShardSet_WhileTheSameSetIsHeld_RefusesNamingTheHolder()
    {
        using var dir = new TempDirectory();
        using var first = WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System);

        var error = Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System));

        Assert.StartsWith($"shard set 1/2 of workspace {dir.Path} is in use by another pipeline run (pid {Environment.ProcessId} on {Environment.MachineName} since ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_UnshardedWhileAShardSetRuns_RefusesNamingTheShardHolder()
    {
        using var dir = new TempDirectory();
        using var shard = WorkspaceLock.AcquireShardSet(dir.Path, 2, 3, TimeProvider.System);

        var error = Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.Acquire(dir.Path, WorkspaceLock.RunLockName, TimeProvider.System));

        Assert.Contains($"is in use by another pipeline run (shard set 2/3: pid {Environment.ProcessId} on {Environment.MachineName} since ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcquireShardSet_WhileAnUnshardedRunHoldsTheWorkspace_Refuses()
    {
        using var dir = new TempDirectory();
        using var run = WorkspaceLock.Acquire(dir.Path, WorkspaceLock.RunLockName, TimeProvider.System);

        var error = Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System));

        Assert.Contains("is in use by an unsharded pipeline run (pid ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcquireShardSet_WithAnotherShardCountThanALiveRun_RefusesBecauseTheSetsOverlap()
    {
        using var dir = new TempDirectory();
        using var half = WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System);

        var error = Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.AcquireShardSet(dir.Path, 1, 3, TimeProvider.System));

        Assert.Contains("in use by sharded runs with another shard count (shard set 1/2: pid ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LiveHolders_WhileASetRunsAndAfterItEnds_NamesItThenNothing()
    {
        using var dir = new TempDirectory();
        string[] during;
        using (WorkspaceLock.AcquireShardSet(dir.Path, 2, 2, TimeProvider.System))
        {
            during = [.. WorkspaceLock.LiveHolders(dir.Path)];
        }

        var single = Assert.Single(during);
        Assert.StartsWith($"shard set 2/2: pid {Environment.ProcessId} on ", single, StringComparison.Ordinal);
        Assert.Empty(WorkspaceLock.LiveHolders(dir.Path));
    }

    [Fact]
    public void AcquireShardSet_AfterItsHolderWasKilled_TakesTheLockOver()
    {
        // Given shard set 1/2 locked by another process (flock(1), the same advisory lock; -o: its child does not inherit it) that is then killed
        using var dir = new TempDirectory();
        var lockFile = Path.Combine(dir.Path, WorkspaceLock.ShardLockName(1, 2));
        File.WriteAllText(lockFile + ".holder", "pid 1 on elsewhere since 2026-01-01 00:00:00Z");
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", "-o", lockFile, "sleep", "60"]) { UseShellExecute = false })!;
        while (!HeldByAnother(lockFile))
        {
            Assert.False(holder.HasExited, "flock exited before taking the lock");
            Thread.Sleep(10);
        }

        Assert.Throws<WorkspaceBusyException>(() => WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System));
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();

        // When a run asks for the set, then it gets it and names itself as the holder
        using var taken = WorkspaceLock.AcquireShardSet(dir.Path, 1, 2, TimeProvider.System);
        Assert.StartsWith($"pid {Environment.ProcessId} on ", File.ReadAllText(lockFile + ".holder"), StringComparison.Ordinal);
    }

    private static bool HeldByAnother(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                return false;
            }
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
