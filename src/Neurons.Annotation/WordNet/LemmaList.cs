namespace Neurons.Annotation.WordNet;

/// <summary>
/// Every lemma of <c>index.noun</c> in memory, and the same lemmas keyed by their letters alone
/// (underscores and hyphens removed), for splitting run-together compounds against WordNet's own word list.
/// </summary>
internal sealed class LemmaList
{
    private readonly HashSet<string> lemmas;
    private readonly Dictionary<string, string[]> byCompact;

    private LemmaList(HashSet<string> lemmas, Dictionary<string, string[]> byCompact)
    {
        this.lemmas = lemmas;
        this.byCompact = byCompact;
    }

    public static LemmaList Read(string indexPath)
    {
        var lemmas = new HashSet<string>(StringComparer.Ordinal);
        var compact = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(indexPath, System.Text.Encoding.Latin1))
        {
            // The licence header lines start with two spaces; every other line starts with its lemma.
            if (line.Length == 0 || line[0] == ' ')
            {
                continue;
            }

            var end = line.IndexOf(' ', StringComparison.Ordinal);
            var lemma = end < 0 ? line : line[..end];
            lemmas.Add(lemma);
            if (lemma.Contains('_', StringComparison.Ordinal) || lemma.Contains('-', StringComparison.Ordinal))
            {
                var key = Compact(lemma);
                if (!compact.TryGetValue(key, out var list))
                {
                    compact[key] = list = [];
                }

                list.Add(lemma);
            }
        }

        return new LemmaList(lemmas, compact.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>Returns the word with underscores and hyphens removed.</summary>
    public static string Compact(string word) => word.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    public bool Contains(string lemma) => lemmas.Contains(lemma);

    public IReadOnlyList<string> FindCompact(string compact) => byCompact.TryGetValue(compact, out var list) ? list : [];
}
