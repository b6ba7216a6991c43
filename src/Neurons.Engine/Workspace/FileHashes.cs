using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace Neurons.Engine.Workspace;

/// <summary>
/// SHA-256 of files, cached by (path, size, modification time) in <c>&lt;workspace&gt;/.cache/file-hashes.json</c>
/// so that large dataset files are read once, not at every <c>pipeline status</c>.
/// </summary>
public sealed class FileHashes
{
    private readonly string cacheFile;
    private readonly ConcurrentDictionary<string, FileHashEntry> entries;
    private int dirty;

    /// <summary>Initializes a new instance of the <see cref="FileHashes"/> class.</summary>
    public FileHashes(string workspace)
    {
        cacheFile = Path.Combine(workspace, ".cache", "file-hashes.json");
        entries = new ConcurrentDictionary<string, FileHashEntry>(StringComparer.Ordinal);
        if (File.Exists(cacheFile))
        {
            try
            {
                var loaded = JsonSerializer.Deserialize<Dictionary<string, FileHashEntry>>(File.ReadAllBytes(cacheFile));
                foreach (var (k, v) in loaded ?? [])
                {
                    entries[k] = v;
                }
            }
            catch (JsonException)
            {
                // A damaged cache only costs a rehash.
            }
        }
    }

    /// <summary>Returns the SHA-256 (hex) of a file, or <c>missing</c> when it does not exist.</summary>
    public string Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "missing";
        }

        var key = info.FullName;
        var ticks = info.LastWriteTimeUtc.Ticks;
        if (entries.TryGetValue(key, out var entry) && entry.Size == info.Length && entry.MtimeTicks == ticks)
        {
            return entry.Sha256;
        }

        var hash = Compute(path);
        entries[key] = new FileHashEntry(info.Length, ticks, hash);
        Interlocked.Exchange(ref dirty, 1);
        return hash;
    }

    /// <summary>Computes the SHA-256 (hex) of a file without the cache.</summary>
    public static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Saves the cache when it changed.</summary>
    public void Save()
    {
        if (Interlocked.Exchange(ref dirty, 0) == 1)
        {
            AtomicFile.WriteAllBytes(cacheFile, JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, FileHashEntry>(entries, StringComparer.Ordinal)));
        }
    }
}
