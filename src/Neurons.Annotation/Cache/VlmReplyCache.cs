using System.Diagnostics.CodeAnalysis;

namespace Neurons.Annotation.Cache;

/// <summary>
/// The content-addressed store of validated VLM replies. Only replies that passed their schema are stored,
/// so a failed request is asked again on the next run while an answered one never is; an entry stored before
/// a crash is there after it. A workspace's cache is a folder of reply files (<see cref="ReplyFileStore"/>:
/// atomic renames, safe when many machines share the workspace over NFS or Lustre); a path ending in
/// <c>.sqlite</c> opens a single SQLite file in WAL mode instead (one machine only). A workspace cache made
/// before the folder form (<c>vlm-replies.sqlite</c> beside the folder) is moved into the folder when first opened.
/// Thread-safe.
/// </summary>
public sealed class VlmReplyCache : IDisposable
{
    /// <summary>The cache folder name under a stage's cache directory.</summary>
    public const string FileName = "vlm-replies";

    /// <summary>The SQLite cache file name of earlier versions, moved into <see cref="FileName"/> when found beside it.</summary>
    public const string LegacyFileName = "vlm-replies.sqlite";

    private readonly IReplyStore store;

    private VlmReplyCache(IReplyStore store)
    {
        this.store = store;
    }

    /// <summary>Gets the cache folder (or SQLite file).</summary>
    public string Path => store.Path;

    /// <summary>Returns the cache folder of a workspace (<c>&lt;workspace&gt;/.cache/annotate/vlm-replies</c>).</summary>
    public static string PathInWorkspace(string workspaceRoot) => System.IO.Path.Combine(workspaceRoot, ".cache", "annotate", FileName);

    /// <summary>Opens (creating if needed) a cache folder, or a SQLite cache file when the path ends in <c>.sqlite</c>.</summary>
    /// <exception cref="InvalidDataException">The path exists but is not a reply cache.</exception>
    public static VlmReplyCache Open(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".sqlite", StringComparison.Ordinal))
        {
            return new VlmReplyCache(SqliteReplyStore.Open(path, time));
        }

        var files = ReplyFileStore.Open(path, time);
        var legacy = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, LegacyFileName);
        if (System.IO.Path.GetFileName(path) == FileName && File.Exists(legacy))
        {
            MoveLegacy(legacy, files, time);
        }

        return new VlmReplyCache(files);
    }

    /// <summary>Looks a key up; on a hit records the use and returns the stored reply.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out string? reply) => store.TryGet(key, out reply);

    /// <summary>Stores (or replaces) an entry; durable when this returns.</summary>
    public void Put(CacheEntry entry) => store.Put(entry);

    /// <summary>Counts entries, hits and sizes, overall and per provider and model.</summary>
    public CacheStatistics GetStatistics() => store.GetStatistics();

    /// <summary>Removes the entries matching <paramref name="filter"/> and returns how many were removed.</summary>
    public int Prune(CachePruneFilter filter) => store.Prune(filter);

    /// <inheritdoc/>
    public void Dispose() => store.Dispose();

    private static void MoveLegacy(string legacy, ReplyFileStore files, TimeProvider time)
    {
        // Whoever renames the file first moves it; another process finds it gone and moves nothing.
        var claimed = Neurons.Files.TempOwner.UniqueName(legacy);
        try
        {
            File.Move(legacy, claimed);
        }
        catch (IOException)
        {
            return;
        }

        // Entries of a writer that crashed may still be in the write-ahead log, which SQLite finds by the file's name.
        if (File.Exists(legacy + "-wal"))
        {
            File.Move(legacy + "-wal", claimed + "-wal", overwrite: true);
        }

        File.Delete(legacy + "-shm");
        using (var old = SqliteReplyStore.Open(claimed, time))
        {
            foreach (var (entry, created) in old.ReadAll())
            {
                files.Put(entry, created);
            }
        }

        File.Move(claimed, legacy + ".moved", overwrite: true);
        foreach (var sidecar in new[] { "-wal", "-shm" })
        {
            File.Delete(claimed + sidecar);
        }
    }
}
