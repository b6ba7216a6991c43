using System.Globalization;
using System.Text.RegularExpressions;
using Neurons.Files;

namespace Neurons.Engine.Workspace;

/// <summary>
/// Locks on a workspace (advisory file locks the OS releases when the holder dies, so a killed run's lock is
/// taken over by the next run without any clean-up), so that no two runs ever write the same shards:
/// an unsharded <c>pipeline run</c> holds <c>.lock</c> exclusively; a sharded run (<c>--shard k/N</c>) holds
/// <c>.lock</c> shared, which lets the other shard sets of N run beside it on any machine of a shared
/// filesystem but keeps unsharded runs out, and <c>.lock-shard-k-of-N</c> exclusively. Each holder writes
/// <c>&lt;lock&gt;.holder</c> (pid, host, since when), which a refused run names in its one-line error.
/// </summary>
public sealed partial class WorkspaceLock : IDisposable
{
    /// <summary>The lock of unsharded runs, held shared by sharded ones.</summary>
    public const string RunLockName = ".lock";

    private readonly IReadOnlyList<FileStream> streams;
    private readonly string infoPath;

    private WorkspaceLock(IReadOnlyList<FileStream> streams, string infoPath)
    {
        this.streams = streams;
        this.infoPath = infoPath;
    }

    /// <summary>Takes the exclusive lock <paramref name="name"/> or throws <see cref="WorkspaceBusyException"/>.</summary>
    public static WorkspaceLock Acquire(string workspace, string name, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        EnsureWritable(workspace);
        var path = Path.Combine(workspace, name);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return Hold([stream], path, time);
        }
        catch (IOException)
        {
            var holders = Holder(path) is { } holder ? [holder] : name == RunLockName ? LiveShardHolders(workspace) : [];
            throw new WorkspaceBusyException($"workspace {workspace} is in use by another pipeline run ({(holders.Count > 0 ? string.Join("; ", holders) : "another process")}); wait for it to finish or stop it");
        }
    }

    /// <summary>
    /// Takes the locks of shard set <paramref name="index"/> of <paramref name="count"/> (see the class summary) or
    /// throws <see cref="WorkspaceBusyException"/> when an unsharded run, a run of the same set, or a sharded run with
    /// another shard count (whose sets would overlap this one's) holds the workspace.
    /// </summary>
    public static WorkspaceLock AcquireShardSet(string workspace, int index, int count, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        EnsureWritable(workspace);
        var runLock = Path.Combine(workspace, RunLockName);
        FileStream shared;
        try
        {
            using (new FileStream(runLock, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                // created if missing; a shared lock needs a file opened for reading only
            }

            shared = new FileStream(runLock, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (IOException)
        {
            throw new WorkspaceBusyException($"workspace {workspace} is in use by an unsharded pipeline run ({Holder(runLock) ?? "another process"}); shard set {index}/{count} waits for it to finish");
        }

        try
        {
            var overlapping = LiveShardHolders(workspace, except: count);
            if (overlapping.Count > 0)
            {
                throw new WorkspaceBusyException($"workspace {workspace} is in use by sharded runs with another shard count ({string.Join("; ", overlapping)}); every sharded run of one workspace must use the same N");
            }

            var path = Path.Combine(workspace, ShardLockName(index, count));
            FileStream exclusive;
            try
            {
                exclusive = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new WorkspaceBusyException($"shard set {index}/{count} of workspace {workspace} is in use by another pipeline run ({Holder(path) ?? "another process"}); wait for it to finish or stop it");
            }

            return Hold([exclusive, shared], path, time);
        }
        catch
        {
            shared.Dispose();
            throw;
        }
    }

    /// <summary>Names every run that holds a lock of <paramref name="workspace"/> now (sharded or not); empty when none does.</summary>
    public static IReadOnlyList<string> LiveHolders(string workspace)
    {
        if (!Directory.Exists(workspace))
        {
            return [];
        }

        var holders = LiveShardHolders(workspace);
        var runLock = Path.Combine(workspace, RunLockName);
        if (holders.Count == 0 && File.Exists(runLock))
        {
            try
            {
                using (new FileStream(runLock, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    // free
                }
            }
            catch (IOException)
            {
                holders.Add($"unsharded run: {Holder(runLock) ?? "another process"}");
            }
        }

        return holders;
    }

    /// <summary>Returns the lock file name of shard set <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static string ShardLockName(int index, int count) => string.Create(CultureInfo.InvariantCulture, $".lock-shard-{index}-of-{count}");

    /// <inheritdoc/>
    public void Dispose()
    {
        File.Delete(infoPath);
        foreach (var stream in streams)
        {
            stream.Dispose();
        }
    }

    private static WorkspaceLock Hold(IReadOnlyList<FileStream> streams, string path, TimeProvider time)
    {
        var infoPath = path + ".holder";
        var holder = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName} since {time.GetUtcNow():u}");
        AtomicFile.WriteAllBytes(infoPath, System.Text.Encoding.UTF8.GetBytes(holder));
        return new WorkspaceLock(streams, infoPath);
    }

    private static string? Holder(string lockPath)
    {
        try
        {
            return File.Exists(lockPath + ".holder") ? File.ReadAllText(lockPath + ".holder").Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Names the holders of the shard-set locks that are held now (tested by trying each one), leaving out shard count <paramref name="except"/>.</summary>
    private static List<string> LiveShardHolders(string workspace, int except = 0)
    {
        var holders = new List<string>();
        foreach (var path in Directory.EnumerateFiles(workspace, ".lock-shard-*").Order(StringComparer.Ordinal))
        {
            var match = ShardLock().Match(Path.GetFileName(path));
            if (!match.Success || int.Parse(match.Groups["count"].ValueSpan, CultureInfo.InvariantCulture) == except)
            {
                continue;
            }

            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    // free: its holder is gone
                }
            }
            catch (IOException)
            {
                holders.Add($"shard set {match.Groups["index"].Value}/{match.Groups["count"].Value}: {Holder(path) ?? "another process"}");
            }
        }

        return holders;
    }

    private static void EnsureWritable(string workspace)
    {
        var probe = Path.Combine(workspace, $".write-probe-{TempOwner.Current}");
        try
        {
            Directory.CreateDirectory(workspace);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Config.ConfigException("workspace", workspace, $"cannot write the workspace folder ({e.Message}); point NEURONS__workspace or pipeline.yaml's workspace at a writable folder");
        }
    }

    [GeneratedRegex(@"^\.lock-shard-(?<index>[0-9]+)-of-(?<count>[0-9]+)$")]
    private static partial Regex ShardLock();
}
