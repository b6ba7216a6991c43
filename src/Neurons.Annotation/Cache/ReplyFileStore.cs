using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Neurons.Files;

namespace Neurons.Annotation.Cache;

/// <summary>
/// The reply cache as a folder of content-addressed files, safe on a workspace that many machines share over
/// NFS or Lustre: each reply is <c>&lt;folder&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.json</c>, written under an owner-tagged
/// temporary name (<see cref="TempOwner"/>), flushed and renamed into place, so a reader on any machine sees a
/// whole reply or none, and two machines storing the same key store the same content (last rename wins).
/// Uses are appended to this process's own log (<c>&lt;folder&gt;/uses/&lt;host&gt;_&lt;pid&gt;.log</c>, one writer per
/// file) and read back for statistics and pruning. Thread-safe.
/// </summary>
internal sealed class ReplyFileStore : IReplyStore
{
    private const string UsesFolder = "uses";

    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private StreamWriter? uses;

    private ReplyFileStore(string path, TimeProvider time)
    {
        Path = path;
        this.time = time;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>Opens (creating if needed) a reply folder.</summary>
    /// <exception cref="InvalidDataException">The path is a file.</exception>
    public static ReplyFileStore Open(string path, TimeProvider time)
    {
        if (File.Exists(path))
        {
            throw new InvalidDataException($"{path}: not a usable reply cache: a file where the reply folder should be");
        }

        Directory.CreateDirectory(path);
        return new ReplyFileStore(path, time);
    }

    /// <inheritdoc/>
    public bool TryGet(string key, [NotNullWhen(true)] out string? reply)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reply = null;
            return false;
        }

        reply = JsonSerializer.Deserialize<ReplyFileRecord>(bytes)?.Reply;
        if (reply is null)
        {
            return false;
        }

        RecordUse(key);
        return true;
    }

    /// <inheritdoc/>
    public void Put(CacheEntry entry) => Put(entry, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Stores an entry with the time it was first stored (moving entries from a SQLite cache).</summary>
    public void Put(CacheEntry entry, long createdMs)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = new ReplyFileRecord(entry.Key, entry.ProviderKind, entry.Model, entry.PromptHash, entry.ImageHash, entry.Options, entry.Reply, createdMs);
        AtomicFile.WriteAllBytes(FilePath(entry.Key), JsonSerializer.SerializeToUtf8Bytes(record));
    }

    /// <inheritdoc/>
    public CacheStatistics GetStatistics()
    {
        var (records, lastUse, hits) = ReadEverything();
        var byModel = records
            .GroupBy(r => (r.Record.ProviderKind, r.Record.Model))
            .OrderBy(g => g.Key.ProviderKind, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => new CacheModelStatistics(
                g.Key.ProviderKind,
                g.Key.Model,
                g.LongCount(),
                g.Sum(r => hits.GetValueOrDefault(r.Record.Key)),
                g.Sum(r => (long)Encoding.UTF8.GetByteCount(r.Record.Reply))))
            .ToList();
        DateTimeOffset? oldest = records.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(records.Min(r => r.Record.CreatedMs));
        DateTimeOffset? lastUsed = records.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(records.Max(r => LastUse(r.Record, lastUse)));
        var bytes = records.Sum(r => r.Bytes) + UseLogs().Sum(f => new FileInfo(f).Length);
        return new CacheStatistics(Path, bytes, records.Count, byModel.Sum(m => m.Hits), oldest, lastUsed, byModel);
    }

    /// <inheritdoc/>
    public int Prune(CachePruneFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (records, lastUse, _) = ReadEverything();
        var removed = 0;
        foreach (var (record, _) in records)
        {
            if ((filter.Model is null || record.Model == filter.Model)
                && (filter.UnusedSince is not { } since || LastUse(record, lastUse) < since.ToUnixTimeMilliseconds()))
            {
                File.Delete(FilePath(record.Key));
                removed++;
            }
        }

        return removed;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            uses?.Dispose();
            uses = null;
        }
    }

    private static long LastUse(ReplyFileRecord record, Dictionary<string, long> lastUse) =>
        Math.Max(record.CreatedMs, lastUse.GetValueOrDefault(record.Key));

    private string FilePath(string key)
    {
        if (key.Length < 3 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"reply cache keys are hex digests, got '{key}'", nameof(key));
        }

        return System.IO.Path.Combine(Path, key[..2], key + ".json");
    }

    private void RecordUse(string key)
    {
        lock (gate)
        {
            if (uses is null)
            {
                var folder = System.IO.Path.Combine(Path, UsesFolder);
                Directory.CreateDirectory(folder);
                uses = new StreamWriter(new FileStream(System.IO.Path.Combine(folder, TempOwner.Current + ".log"), FileMode.Append, FileAccess.Write, FileShare.Read));
            }

            uses.Write(string.Create(CultureInfo.InvariantCulture, $"{key} {time.GetUtcNow().ToUnixTimeMilliseconds()}\n"));
            uses.Flush();
        }
    }

    private IEnumerable<string> UseLogs()
    {
        var folder = System.IO.Path.Combine(Path, UsesFolder);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.log") : [];
    }

    private (List<(ReplyFileRecord Record, long Bytes)> Records, Dictionary<string, long> LastUse, Dictionary<string, long> Hits) ReadEverything()
    {
        lock (gate)
        {
            uses?.Flush();
        }

        var records = new List<(ReplyFileRecord, long)>();
        foreach (var folder in Directory.EnumerateDirectories(Path).Where(d => System.IO.Path.GetFileName(d) != UsesFolder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            {
                try
                {
                    var bytes = File.ReadAllBytes(file);
                    if (JsonSerializer.Deserialize<ReplyFileRecord>(bytes) is { } record)
                    {
                        records.Add((record, bytes.Length));
                    }
                }
                catch (Exception e) when (e is IOException or JsonException)
                {
                    // removed meanwhile by another prune, or not a reply file
                }
            }
        }

        var lastUse = new Dictionary<string, long>(StringComparer.Ordinal);
        var hits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var log in UseLogs())
        {
            using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            while (reader.ReadLine() is { } line)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                {
                    var key = line[..space];
                    hits[key] = hits.GetValueOrDefault(key) + 1;
                    lastUse[key] = Math.Max(lastUse.GetValueOrDefault(key), ms);
                }
            }
        }

        return (records, lastUse, hits);
    }
}
