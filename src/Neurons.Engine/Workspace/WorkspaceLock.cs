using System.Globalization;

namespace Neurons.Engine.Workspace;

/// <summary>
/// An exclusive lock on a workspace (an advisory file lock the OS releases when the process dies), so a
/// second <c>pipeline run</c> refuses to start while the first runs. Sharded runs (<c>--shard k/N</c>)
/// lock their own shard set only.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string infoPath;

    private WorkspaceLock(FileStream stream, string infoPath)
    {
        this.stream = stream;
        this.infoPath = infoPath;
    }

    /// <summary>Takes the lock or throws <see cref="WorkspaceBusyException"/>.</summary>
    public static WorkspaceLock Acquire(string workspace, string name, TimeProvider time)
    {
        EnsureWritable(workspace);
        var path = Path.Combine(workspace, name);
        var infoPath = path + ".holder";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var holder = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName} since {time.GetUtcNow():u}");
            File.WriteAllText(infoPath, holder);
            return new WorkspaceLock(stream, infoPath);
        }
        catch (IOException)
        {
            var holder = File.Exists(infoPath) ? File.ReadAllText(infoPath).Trim() : "another process";
            throw new WorkspaceBusyException($"workspace {workspace} is in use by another pipeline run ({holder}); wait for it to finish or stop it");
        }
    }

    private static void EnsureWritable(string workspace)
    {
        var probe = Path.Combine(workspace, $".write-probe-{Environment.ProcessId}");
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

    /// <inheritdoc/>
    public void Dispose()
    {
        File.Delete(infoPath);
        stream.Dispose();
    }
}
