using System.Collections.Concurrent;
using System.Text.Json;
using Neurons.Files;

namespace Neurons.Engine.Readiness;

/// <summary>
/// Passed content checks (an ONNX signature, a vocabulary that parses), kept in
/// <c>&lt;workspace&gt;/.cache/readiness-checks.json</c> by (check, path) with the file's size and modification time
/// and the build: loading a multi-gigabyte model to read its signature happens once per file version, not per run.
/// Failed checks are never cached; the caller saves only into a workspace a run has claimed.
/// </summary>
internal sealed class ReadinessCache
{
    private readonly string file;
    private readonly string build;
    private readonly ConcurrentDictionary<string, ReadinessCacheEntry> entries = new(StringComparer.Ordinal);
    private int dirty;

    public ReadinessCache(string workspace, string build)
    {
        this.build = build;
        file = Path.Combine(workspace, ".cache", "readiness-checks.json");
        if (!File.Exists(file))
        {
            return;
        }

        try
        {
            foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, ReadinessCacheEntry>>(File.ReadAllBytes(file)) ?? [])
            {
                entries[k] = v;
            }
        }
        catch (JsonException)
        {
            // A damaged cache only costs a recheck.
        }
    }

    public bool Passed(string checkId, FileInfo info) =>
        entries.TryGetValue(Key(checkId, info), out var entry) && entry.Size == info.Length && entry.MtimeTicks == info.LastWriteTimeUtc.Ticks && entry.Build == build;

    public void RecordPass(string checkId, FileInfo info)
    {
        entries[Key(checkId, info)] = new ReadinessCacheEntry(info.Length, info.LastWriteTimeUtc.Ticks, build);
        Interlocked.Exchange(ref dirty, 1);
    }

    public void Save()
    {
        if (Interlocked.Exchange(ref dirty, 0) == 1)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.WriteAllBytes(file, JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, ReadinessCacheEntry>(entries, StringComparer.Ordinal)));
        }
    }

    private static string Key(string checkId, FileInfo info) => $"{checkId}|{info.FullName}";
}
