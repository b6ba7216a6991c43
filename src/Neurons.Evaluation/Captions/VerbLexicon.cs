namespace Neurons.Evaluation.Captions;

/// <summary>
/// The WordNet 3.0 verb lemmas (<c>index.verb</c>) and irregular forms (<c>verb.exc</c>) that
/// <see cref="VerbExtractor"/> lemmatises with. The repository vendors both files (from Debian's
/// <c>wordnet-base</c> 1:3.0-37, with the WordNet licence) in <c>wordnet/</c>, and the build copies them
/// next to the assembly (<see cref="BuiltInDirectory"/>).
/// </summary>
public sealed class VerbLexicon
{
    private static readonly (string Suffix, string Ending)[] MorphyRules =
    [
        ("s", string.Empty), ("ies", "y"), ("es", "e"), ("es", string.Empty),
        ("ed", "e"), ("ed", string.Empty), ("ing", "e"), ("ing", string.Empty),
    ];

    private readonly HashSet<string> lemmas;
    private readonly Dictionary<string, string> exceptions;

    /// <summary>Initializes a new instance of the <see cref="VerbLexicon"/> class.</summary>
    /// <param name="lemmas">The verb lemmas (one word each; multi-word lemmas are ignored by the extractor).</param>
    /// <param name="exceptions">Inflected form → base form (the first base listed in <c>verb.exc</c>).</param>
    public VerbLexicon(IEnumerable<string> lemmas, IReadOnlyDictionary<string, string> exceptions)
    {
        this.lemmas = new HashSet<string>(lemmas, StringComparer.Ordinal);
        this.exceptions = new Dictionary<string, string>(exceptions, StringComparer.Ordinal);
    }

    /// <summary>Gets the built-in copy of the verb files next to the assembly (<c>wordnet/</c>, copied from the repository's <c>wordnet/</c>).</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "wordnet");

    /// <summary>Gets the number of verb lemmas.</summary>
    public int Count => lemmas.Count;

    /// <summary>Reads <c>index.verb</c> and <c>verb.exc</c> from a WordNet 3.0 <c>dict</c> directory.</summary>
    /// <exception cref="FileNotFoundException">One of the two files is missing.</exception>
    /// <exception cref="InvalidDataException">A line is malformed (the message names the file and line).</exception>
    public static VerbLexicon Load(string directory)
    {
        var index = Path.Combine(directory, "index.verb");
        var exc = Path.Combine(directory, "verb.exc");
        foreach (var f in new[] { index, exc })
        {
            if (!File.Exists(f))
            {
                throw new FileNotFoundException($"WordNet verb file not found: {f} (the repository vendors it in wordnet/; point the WordNet directory there or at Debian's /usr/share/wordnet)", f);
            }
        }

        var lemmas = new List<string>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(index))
        {
            lineNo++;
            if (line.Length == 0 || line[0] == ' ')
            {
                continue; // licence header lines start with two spaces
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !line.AsSpan(space).StartsWith(" v ", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{index}:{lineNo}: expected '<lemma> v ...', got '{Truncate(line)}'");
            }

            lemmas.Add(line[..space]);
        }

        var exceptions = new Dictionary<string, string>(StringComparer.Ordinal);
        lineNo = 0;
        foreach (var line in File.ReadLines(exc))
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                throw new InvalidDataException($"{exc}:{lineNo}: expected '<inflected> <base>', got '{Truncate(line)}'");
            }

            exceptions.TryAdd(parts[0], parts[1]);
        }

        return new VerbLexicon(lemmas, exceptions);
    }

    /// <summary>Returns whether a word is a verb lemma.</summary>
    public bool IsLemma(string word) => lemmas.Contains(word);

    /// <summary>
    /// Lemmatises a lowercase word as a verb: the <c>verb.exc</c> mapping if present; else the word if it
    /// is a lemma; else the first morphy rule (s→, ies→y, es→e, es→, ed→e, ed→, ing→e, ing→) whose result
    /// is a lemma; else null.
    /// </summary>
    public string? Lemmatize(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (exceptions.TryGetValue(word, out var lemma))
        {
            return lemma;
        }

        if (lemmas.Contains(word))
        {
            return word;
        }

        foreach (var (suffix, ending) in MorphyRules)
        {
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var candidate = string.Concat(word.AsSpan(0, word.Length - suffix.Length), ending);
                if (lemmas.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
