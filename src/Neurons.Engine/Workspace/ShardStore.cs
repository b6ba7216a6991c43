using System.Text.Json;
using Neurons.Files;

namespace Neurons.Engine.Workspace;

/// <summary>
/// The workspace's tables on disk: <c>&lt;workspace&gt;/&lt;table&gt;/&lt;shard&gt;.parquet</c> with
/// <c>&lt;shard&gt;.meta.json</c> beside it, temporary files under <c>&lt;table&gt;/.tmp/</c>, and failure
/// records under <c>.state/failures/</c>.
/// </summary>
public sealed class ShardStore
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Initializes a new instance of the <see cref="ShardStore"/> class.</summary>
    public ShardStore(string root)
    {
        Root = root;
    }

    /// <summary>Gets the workspace root.</summary>
    public string Root { get; }

    /// <summary>Returns the committed Parquet path of a table shard.</summary>
    public string DataPath(string table, string shard) => Path.Combine(Root, table, shard + ".parquet");

    /// <summary>Returns the sidecar path of a table shard.</summary>
    public string SidecarPath(string table, string shard) => Path.Combine(Root, table, shard + ".meta.json");

    /// <summary>Returns the sidecar of a committed, intact shard, or null when the shard does not exist.</summary>
    public Sidecar? TryRead(string table, string shard)
    {
        var sidecarPath = SidecarPath(table, shard);
        var dataPath = DataPath(table, shard);
        if (!File.Exists(sidecarPath) || !File.Exists(dataPath))
        {
            return null;
        }

        try
        {
            var sidecar = JsonSerializer.Deserialize<Sidecar>(File.ReadAllBytes(sidecarPath));
            return sidecar is { Format: Sidecar.CurrentFormat } && new FileInfo(dataPath).Length == sidecar.Bytes && FilesPresent(table, shard, sidecar)
                ? sidecar
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Returns a fresh temporary path for a shard being written.</summary>
    public string NewTempPath(string table, string shard)
    {
        var directory = Path.Combine(Root, table, ".tmp");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, TempOwner.UniqueName($"{shard}.parquet"));
    }

    /// <summary>The committed files folder of a shard (<c>&lt;table&gt;/&lt;shard&gt;.files</c>).</summary>
    public string FilesPath(string table, string shard) => Path.Combine(Root, table, shard + ".files");

    /// <summary>A fresh temporary files folder for a shard being written (not created).</summary>
    public string NewTempFilesPath(string table, string shard) => Path.Combine(Root, table, ".tmp", TempOwner.UniqueName($"{shard}.files"));

    /// <summary>
    /// Commits a written shard: flushes it, removes the old sidecar, renames the data into place, then
    /// writes the new sidecar (with the data's size and checksum) atomically.
    /// </summary>
    public Sidecar Commit(string tempPath, Sidecar sidecar, string? tempFilesPath = null)
    {
        if (!File.Exists(tempPath))
        {
            throw new InvalidOperationException($"stage '{sidecar.Stage}' did not write its output table '{sidecar.Table}' for shard {sidecar.Shard}");
        }

        AtomicFile.Flush(tempPath);
        var files = tempFilesPath is not null && Directory.Exists(tempFilesPath) ? ListAndFlush(tempFilesPath) : [];
        var complete = sidecar with
        {
            Bytes = new FileInfo(tempPath).Length,
            Sha256 = FileHashes.Compute(tempPath),
            Files = files,
        };

        // The sidecar is the commit point: removed first, written last, so a crash in between leaves no shard.
        File.Delete(SidecarPath(sidecar.Table, sidecar.Shard));
        var filesPath = FilesPath(sidecar.Table, sidecar.Shard);
        if (Directory.Exists(filesPath))
        {
            var retired = NewTempFilesPath(sidecar.Table, sidecar.Shard);
            Directory.Move(filesPath, retired);
            Directory.Delete(retired, recursive: true);
        }

        if (files.Count > 0)
        {
            Directory.Move(tempFilesPath!, filesPath);
        }

        File.Move(tempPath, DataPath(sidecar.Table, sidecar.Shard), overwrite: true);
        AtomicFile.WriteAllBytes(SidecarPath(sidecar.Table, sidecar.Shard), JsonSerializer.SerializeToUtf8Bytes(complete, JsonOptions));
        return complete;
    }

    /// <summary>Verifies a committed shard's checksum against its sidecar.</summary>
    public bool Verify(string table, string shard) =>
        TryRead(table, shard) is { } sidecar
        && FileHashes.Compute(DataPath(table, shard)) == sidecar.Sha256
        && sidecar.Files.All(f => FileHashes.Compute(Path.Combine(FilesPath(table, shard), f.Path)) == f.Sha256);

    /// <summary>
    /// Deletes what interrupted runs left behind, and nothing else: only paths named by <see cref="TempOwner"/>
    /// (<c>…tmp-&lt;host&gt;_&lt;pid&gt;…</c>) whose owner is provably dead (see <see cref="TempOwner.IsStale"/>), and only
    /// in the engine's own folders: each table's <c>.tmp/</c> (shards, files folders, stage scratch), each table
    /// folder (sidecar temps), <c>.state/failures/&lt;stage&gt;/</c>, and <c>.cache/</c> with the stages' cache folders
    /// under it (checkpoint temps).
    /// Temporary files of a live run (this machine or another sharing the workspace) are left alone.
    /// Returns how many were removed.
    /// </summary>
    public int DeleteTemporaryFiles(IEnumerable<string> tables, IEnumerable<string> stages)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(stages);
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var count = 0;
        foreach (var table in tables.Distinct(StringComparer.Ordinal))
        {
            count += TempOwner.DeleteStale(Path.Combine(Root, table, ".tmp"));
            count += TempOwner.DeleteStale(Path.Combine(Root, table), final => final.EndsWith(".meta.json", StringComparison.Ordinal));
        }

        foreach (var stage in stages.Distinct(StringComparer.Ordinal))
        {
            count += TempOwner.DeleteStale(Path.Combine(Root, ".state", "failures", stage), final => final.EndsWith(".json", StringComparison.Ordinal));
        }

        var cache = Path.Combine(Root, ".cache");
        if (Directory.Exists(cache))
        {
            // the engine's own files, and every stage's cache folder (checkpoints, scratch)
            count += TempOwner.DeleteStale(cache);
            foreach (var folder in Directory.EnumerateDirectories(cache, "*", SearchOption.AllDirectories).Where(d => !TempOwner.TryParse(Path.GetFileName(d), out _, out _, out _)).ToList())
            {
                count += TempOwner.DeleteStale(folder);
            }
        }

        return count;
    }

    /// <summary>Records that a work item failed, with its fingerprint so a later status can tell.</summary>
    public void RecordFailure(string stage, string shard, FailureRecord record, string? crashReport = null)
    {
        if (crashReport is not null)
        {
            var crash = Path.ChangeExtension(FailurePath(stage, shard), ".crash.txt");
            AtomicFile.WriteAllBytes(crash, System.Text.Encoding.UTF8.GetBytes(crashReport));
            record = record with { CrashFile = Path.GetRelativePath(Root, crash).Replace(Path.DirectorySeparatorChar, '/') };
        }

        AtomicFile.WriteAllBytes(FailurePath(stage, shard), JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions));
    }

    /// <summary>Returns the failure record of a work item, or null.</summary>
    public FailureRecord? TryReadFailure(string stage, string shard)
    {
        var path = FailurePath(stage, shard);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<FailureRecord>(File.ReadAllBytes(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the failure record of a work item.</summary>
    public void ClearFailure(string stage, string shard)
    {
        var path = FailurePath(stage, shard);
        foreach (var file in new[] { path, Path.ChangeExtension(path, ".crash.txt") })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    private static List<SidecarFile> ListAndFlush(string folder)
    {
        var files = new List<SidecarFile>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            AtomicFile.Flush(file);
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(new SidecarFile(relative, new FileInfo(file).Length, FileHashes.Compute(file)));
        }

        return files;
    }

    private bool FilesPresent(string table, string shard, Sidecar sidecar)
    {
        if (sidecar.Files.Count == 0)
        {
            return true;
        }

        var folder = FilesPath(table, shard);
        return sidecar.Files.All(f => new FileInfo(Path.Combine(folder, f.Path)) is { Exists: true } info && info.Length == f.Bytes);
    }

    private string FailurePath(string stage, string shard) => Path.Combine(Root, ".state", "failures", stage, shard + ".json");
}
