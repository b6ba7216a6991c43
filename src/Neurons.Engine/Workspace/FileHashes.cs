using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Neurons.Files;

namespace Neurons.Engine.Workspace;

/// <summary>
/// SHA-256 of files, cached by (path, size, modification time) in <c>&lt;workspace&gt;/.cache/file-hashes.json</c>
/// so that large dataset files are read once, not at every <c>pipeline status</c>. Runs on several machines
/// share the file: each saves under an exclusive lock (<c>file-hashes.json.lock</c>), merging what the others
/// saved since it loaded, and replaces it by an atomic rename, so no entry is lost and no reader sees a torn file.
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
        foreach (var (k, v) in Load(cacheFile))
        {
            entries[k] = v;
        }
    }

    /// <summary>Gets how long <see cref="Save"/> waits for another process's save before giving up (the entries are then only lost to the cache).</summary>
    internal static TimeSpan SaveLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

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

    /// <summary>Saves the cache when it changed, merged with what other processes saved meanwhile (their entries first, this one's over them).</summary>
    public void Save()
    {
        if (Interlocked.Exchange(ref dirty, 0) != 1)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        using var guard = WaitForLock(cacheFile + ".lock");
        if (guard is null)
        {
            Interlocked.Exchange(ref dirty, 1);
            return;
        }

        var merged = new SortedDictionary<string, FileHashEntry>(Load(cacheFile), StringComparer.Ordinal);
        foreach (var (k, v) in entries)
        {
            merged[k] = v;
        }

        AtomicFile.WriteAllBytes(cacheFile, JsonSerializer.SerializeToUtf8Bytes(merged));
    }

    private static Dictionary<string, FileHashEntry> Load(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<string, FileHashEntry>>(File.ReadAllBytes(file)) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // A damaged or vanished cache only costs a rehash.
            return [];
        }
    }

    private static FileStream? WaitForLock(string path)
    {
        var deadline = DateTime.UtcNow + SaveLockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
