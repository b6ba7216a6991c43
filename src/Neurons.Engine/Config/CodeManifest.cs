namespace Neurons.Engine.Config;

/// <summary>
/// The build's code manifest (<c>stages/code-hashes.txt</c>: "&lt;repository path&gt; &lt;sha256&gt;" per line, written by
/// <c>stages/Neurons.Stages.csproj</c>): the source of every stage's automatic code identity.
/// </summary>
internal sealed class CodeManifest
{
    /// <summary>The manifest's file name beside the stage folders.</summary>
    public const string FileName = "code-hashes.txt";

    private readonly SortedDictionary<string, string> hashes;

    private CodeManifest(SortedDictionary<string, string> hashes)
    {
        this.hashes = hashes;
    }

    /// <summary>Reads the manifest of a stages directory, or returns null when the build wrote none.</summary>
    public static CodeManifest? TryLoad(string stagesDirectory)
    {
        var file = Path.Combine(stagesDirectory, FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)).Where(p => p.l.Length > 0))
        {
            var space = line.LastIndexOf(' ');
            if (space < 1 || line.Length - space - 1 != 64)
            {
                throw new ConfigException(file, $"line {number}", "expected '<repository path> <sha256>'; rebuild to regenerate it");
            }

            hashes[line[..space]] = line[(space + 1)..];
        }

        return new CodeManifest(hashes);
    }

    /// <summary>Returns the hashes of the stage's own folder and of its declared library folders.</summary>
    public SortedDictionary<string, string> For(StageDefinition stage)
    {
        var prefixes = stage.Code.Select(c => c.TrimEnd('/') + "/").Prepend($"stages/{stage.Name}/").ToList();
        foreach (var folder in stage.Code)
        {
            var prefix = folder.TrimEnd('/') + "/";
            if (!hashes.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)))
            {
                throw new ConfigException(stage.File, "code", $"'{folder}' holds no source file of this build (expected a repository folder such as src/Neurons.Model)");
            }
        }

        return new SortedDictionary<string, string>(
            hashes.Where(kv => prefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal))).ToDictionary(kv => kv.Key, kv => kv.Value),
            StringComparer.Ordinal);
    }
}
