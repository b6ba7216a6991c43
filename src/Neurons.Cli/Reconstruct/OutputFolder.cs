using System.Text.Json.Nodes;

namespace Neurons.Cli.Reconstruct;

/// <summary>
/// The output folder of <c>pipeline reconstruct</c>: every file is written into a staging folder inside it and
/// renamed into place only when all are complete (each rename atomic, the manifest last), so a killed run
/// leaves the previous outputs or the new ones, never a half-written file. A folder holding files that an
/// earlier reconstruct did not write (its <see cref="ManifestName"/> lists them) is refused unless forced.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "reconstruct.json";

    private const string StagingPrefix = ".reconstruct-";
    private readonly List<string> names = [];
    private readonly HashSet<string> previous;

    private OutputFolder(string directory, HashSet<string> previous)
    {
        Directory = directory;
        this.previous = previous;
        Staging = Path.Combine(directory, StagingPrefix + Guid.NewGuid().ToString("N") + ".tmp");
    }

    /// <summary>Gets the folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the staging folder the files are written into.</summary>
    public string Staging { get; }

    /// <summary>Gets the names written so far, in order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>Checks the folder and returns it, refusing one that is a file or holds other files (unless <paramref name="force"/>).</summary>
    public static OutputFolder Open(string directory, bool force)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new ReconstructInputException($"--out {full}: a file, not a folder");
        }

        var previous = new HashSet<string>(StringComparer.Ordinal);
        if (System.IO.Directory.Exists(full))
        {
            var manifest = Path.Combine(full, ManifestName);
            if (File.Exists(manifest) && JsonNode.Parse(File.ReadAllText(manifest))?["files"] is JsonArray files)
            {
                previous.UnionWith(files.Select(f => (string?)f).OfType<string>());
                previous.Add(ManifestName);
            }

            var others = System.IO.Directory.EnumerateFileSystemEntries(full)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(n => !previous.Contains(n) && !n.StartsWith(StagingPrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (others.Count > 0 && !force)
            {
                throw new ReconstructInputException($"--out {full}: holds files reconstruct did not write ({string.Join(", ", others.Take(3))}{(others.Count > 3 ? ", ..." : string.Empty)}); choose an empty folder, or pass --force to write beside them");
            }
        }

        var folder = new OutputFolder(full, previous);
        System.IO.Directory.CreateDirectory(folder.Staging);
        return folder;
    }

    /// <summary>Returns the staging path of an output file and records it.</summary>
    public string Stage(string name)
    {
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            names.Add(name);
        }

        return Path.Combine(Staging, name);
    }

    /// <summary>Renames every staged file into place (the manifest, when staged, last) and removes the earlier reconstruct's files this one did not write.</summary>
    public void Commit()
    {
        foreach (var name in names.Where(n => n != ManifestName).Append(ManifestName).Where(names.Contains))
        {
            File.Move(Path.Combine(Staging, name), Path.Combine(Directory, name), overwrite: true);
        }

        foreach (var stale in previous.Where(p => !names.Contains(p, StringComparer.Ordinal)))
        {
            var path = Path.Combine(Directory, stale);
            if (File.Exists(path) && Path.GetFileName(path) == stale)
            {
                File.Delete(path);
            }
        }

        System.IO.Directory.Delete(Staging, recursive: true);
    }

    /// <summary>Removes the staging folder if the outputs were not committed.</summary>
    public void Dispose()
    {
        if (System.IO.Directory.Exists(Staging))
        {
            System.IO.Directory.Delete(Staging, recursive: true);
        }
    }
}
