using System.Collections.Concurrent;
using System.Globalization;

namespace Neurons.Annotation.WordNet;

/// <summary>
/// The WordNet 3.0 noun database read straight from its files (<c>index.noun</c>, <c>data.noun</c>,
/// <c>noun.exc</c>): lemmas by binary search in the sorted index, synsets by seeking to their byte
/// offset in the data file. No external service; thread-safe; parsed synsets are cached.
/// </summary>
public sealed class WordNetDatabase : IDisposable
{
    /// <summary>The files a WordNet directory must hold.</summary>
    public static readonly IReadOnlyList<string> RequiredFiles = ["index.noun", "data.noun", "noun.exc"];

    private readonly SortedLineFile index;
    private readonly SortedLineFile data;
    private readonly ConcurrentDictionary<string, (long[] Offsets, int Tagged)> senseCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Synset> synsetCache = new();
    private readonly ConcurrentDictionary<long, IReadOnlySet<long>> ancestorCache = new();
    private readonly Lazy<LemmaList> lemmaList;

    private WordNetDatabase(string directory, SortedLineFile index, SortedLineFile data, NounMorphy morphy)
    {
        Directory = directory;
        this.index = index;
        this.data = data;
        Morphy = morphy;
        lemmaList = new Lazy<LemmaList>(() => LemmaList.Read(index.Path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the built-in copy of the database next to the assembly (<c>wordnet/</c>, copied from the repository's <c>wordnet/</c>).</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "wordnet");

    /// <summary>Gets the directory the files were read from.</summary>
    public string Directory { get; }

    /// <summary>Gets the lemmatiser bound to this database.</summary>
    public NounMorphy Morphy { get; }

    /// <summary>Opens the noun database in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">A required file is missing.</exception>
    public static WordNetDatabase Open(string directory)
    {
        foreach (var file in RequiredFiles)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"WordNet file {path} is missing (expected {string.Join(", ", RequiredFiles)} in {directory})", path);
            }
        }

        var exceptions = LoadExceptions(Path.Combine(directory, "noun.exc"));
        var index = new SortedLineFile(Path.Combine(directory, "index.noun"));
        try
        {
            var data = new SortedLineFile(Path.Combine(directory, "data.noun"));
            WordNetDatabase? database = null;
            var morphy = new NounMorphy(exceptions, lemma => database!.TaggedSenseCount(lemma));
            database = new WordNetDatabase(directory, index, data, morphy);
            return database;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Returns whether the noun index holds <paramref name="lemma"/> (lower case, underscores between words).</summary>
    public bool Contains(string lemma) => GetSenses(lemma).Count > 0;

    /// <summary>Returns the synset offsets of a lemma's noun senses in WordNet's order (most frequent first); empty when unknown.</summary>
    public IReadOnlyList<long> GetSenses(string lemma) => Lookup(lemma).Offsets;

    /// <summary>
    /// Returns how many of a lemma's senses are tagged in WordNet's semantic concordance
    /// (<c>tagsense_cnt</c> of <c>index.noun</c>; a measure of how common the word is), or −1 when
    /// WordNet lacks the lemma.
    /// </summary>
    public int TaggedSenseCount(string lemma)
    {
        var entry = Lookup(lemma);
        return entry.Offsets.Length == 0 ? -1 : entry.Tagged;
    }

    /// <summary>
    /// Returns the lemmas that, with their underscores and hyphens removed, spell <paramref name="compact"/>
    /// (<c>steeringwheel</c> → <c>steering_wheel</c>, <c>tshirt</c> → <c>t-shirt</c>); empty when none.
    /// The whole lemma list of <c>index.noun</c> is read once, on first use.
    /// </summary>
    public IReadOnlyList<string> FindCompact(string compact) => lemmaList.Value.FindCompact(compact);

    /// <summary>Returns whether <paramref name="word"/> is a lemma of the noun index (from the in-memory lemma list, read on first use).</summary>
    public bool IsLemma(string word) => lemmaList.Value.Contains(word);

    /// <summary>Reads the synset at a byte offset of <c>data.noun</c>.</summary>
    /// <exception cref="InvalidDataException">No synset line starts at that offset.</exception>
    public Synset GetSynset(long offset) => synsetCache.GetOrAdd(offset, ReadSynset);

    /// <summary>
    /// Resolves a sense written <c>lemma.n.NN</c> (the NN-th noun sense of the lemma, 1-based, as NLTK
    /// names synsets) to its synset offset.
    /// </summary>
    /// <exception cref="FormatException">The text is not <c>lemma.n.NN</c>, or WordNet has no such sense.</exception>
    public long ResolveSense(string senseName)
    {
        var parts = senseName.Split('.');
        if (parts.Length < 3 || parts[^2] != "n" || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new FormatException($"sense '{senseName}' is not written lemma.n.NN");
        }

        var lemma = string.Join('.', parts[..^2]);
        var senses = GetSenses(lemma);
        if (senses.Count < number)
        {
            throw new FormatException($"sense '{senseName}': WordNet has {senses.Count} noun sense(s) of '{lemma}'");
        }

        return senses[number - 1];
    }

    /// <summary>Returns the <c>lemma.n.NN</c> name of a synset (its first lemma and that lemma's sense number).</summary>
    public string NameOf(long offset)
    {
        var synset = GetSynset(offset);
        foreach (var word in synset.Words)
        {
            var lemma = word.ToLowerInvariant();
            var senses = GetSenses(lemma);
            var position = IndexOf(senses, offset);
            if (position >= 0)
            {
                return $"{lemma}.n.{position + 1:00}";
            }
        }

        return $"{synset.Head.ToLowerInvariant()}.n.?";
    }

    /// <summary>
    /// Returns the synset and every synset reachable from it through hypernym and instance-hypernym
    /// pointers (all paths up to <c>entity</c>).
    /// </summary>
    public IReadOnlySet<long> GetAncestors(long offset) => ancestorCache.GetOrAdd(offset, start =>
    {
        var seen = new HashSet<long>();
        var stack = new Stack<long>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            var synset = GetSynset(current);
            foreach (var parent in synset.Hypernyms)
            {
                stack.Push(parent);
            }

            foreach (var parent in synset.InstanceHypernyms)
            {
                stack.Push(parent);
            }
        }

        return seen;
    });

    /// <inheritdoc/>
    public void Dispose()
    {
        index.Dispose();
        data.Dispose();
    }

    private (long[] Offsets, int Tagged) Lookup(string lemma)
    {
        if (lemma.Length == 0 || lemma.Contains(' ', StringComparison.Ordinal))
        {
            return ([], 0);
        }

        return senseCache.GetOrAdd(lemma, key =>
        {
            var line = index.Find(key);
            return line is null ? ([], 0) : ParseIndexLine(line);
        });
    }

    private static int IndexOf(IReadOnlyList<long> list, long value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    // index.noun: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    private static (long[] Offsets, int Tagged) ParseIndexLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var synsetCount = int.Parse(fields[2], CultureInfo.InvariantCulture);
        var pointerCount = int.Parse(fields[3], CultureInfo.InvariantCulture);
        var tagged = int.Parse(fields[4 + pointerCount + 1], CultureInfo.InvariantCulture);
        var first = 4 + pointerCount + 2;
        var offsets = new long[synsetCount];
        for (var i = 0; i < synsetCount; i++)
        {
            offsets[i] = long.Parse(fields[first + i], CultureInfo.InvariantCulture);
        }

        return (offsets, tagged);
    }

    private static Dictionary<string, IReadOnlyList<string>> LoadExceptions(string path)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                map[fields[0]] = fields[1..];
            }
        }

        return map;
    }

    // data.noun: offset lex_filenum ss_type w_cnt(hex) word lex_id(hex)... p_cnt(3-digit) [ptr offset pos src/tgt]... | gloss
    private Synset ReadSynset(long offset)
    {
        var line = data.ReadLineAt(offset);
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        var body = bar < 0 ? line : line[..bar];
        var gloss = bar < 0 ? string.Empty : line[(bar + 3)..].TrimEnd();
        var fields = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var own) || own != offset)
        {
            throw new InvalidDataException($"{data.Path}: no synset starts at byte offset {offset}");
        }

        var wordCount = int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var words = new string[wordCount];
        for (var i = 0; i < wordCount; i++)
        {
            words[i] = fields[4 + (2 * i)];
        }

        var p = 4 + (2 * wordCount);
        var pointerCount = int.Parse(fields[p], CultureInfo.InvariantCulture);
        var hypernyms = new List<long>();
        var instanceHypernyms = new List<long>();
        for (var i = 0; i < pointerCount; i++)
        {
            var symbol = fields[p + 1 + (4 * i)];
            var target = long.Parse(fields[p + 2 + (4 * i)], CultureInfo.InvariantCulture);
            var pos = fields[p + 3 + (4 * i)];
            if (pos != "n")
            {
                continue;
            }

            if (symbol == "@")
            {
                hypernyms.Add(target);
            }
            else if (symbol == "@i")
            {
                instanceHypernyms.Add(target);
            }
        }

        return new Synset(offset, words, hypernyms, instanceHypernyms, gloss);
    }
}
