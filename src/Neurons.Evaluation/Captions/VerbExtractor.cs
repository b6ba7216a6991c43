namespace Neurons.Evaluation.Captions;

/// <summary>
/// Finds the verbs of a caption by the project's documented rule (docs/evaluation.md): captions are mostly
/// participle noun phrases ("a bee collecting nectar"), so the verbs are the <c>-ing</c> words with a
/// verb lemma that do not follow a determiner or possessive, plus the word after is/are/was/were;
/// auxiliaries and a fixed list of nominal <c>-ing</c> words are excluded.
/// </summary>
public sealed class VerbExtractor
{
    /// <summary>Words after which an <c>-ing</c> word is read as a noun.</summary>
    public static readonly IReadOnlySet<string> Determiners = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "my", "your", "our",
    };

    /// <summary>Words whose next word is taken as a verb.</summary>
    public static readonly IReadOnlySet<string> Copulas = new HashSet<string>(StringComparer.Ordinal) { "is", "are", "was", "were" };

    /// <summary>Auxiliaries, never counted as verbs (as words or as lemmas).</summary>
    public static readonly IReadOnlySet<string> Auxiliaries = new HashSet<string>(StringComparer.Ordinal)
    {
        "be", "is", "are", "was", "were", "been", "being", "am", "have", "has", "had", "do", "does", "did",
    };

    /// <summary>Nominal <c>-ing</c> words, never counted as verbs.</summary>
    public static readonly IReadOnlySet<string> NominalStopList = new HashSet<string>(StringComparer.Ordinal)
    {
        "building", "clothing", "ceiling", "painting", "evening", "morning", "wedding", "railing", "lightning",
        "ring", "spring", "string", "thing", "king", "wing",
    };

    private readonly VerbLexicon lexicon;

    /// <summary>Initializes a new instance of the <see cref="VerbExtractor"/> class.</summary>
    public VerbExtractor(VerbLexicon lexicon)
    {
        this.lexicon = lexicon ?? throw new ArgumentNullException(nameof(lexicon));
    }

    /// <summary>Returns the verb lemmas of a raw caption in order of first occurrence, without repeats.</summary>
    public IReadOnlyList<string> Extract(string caption)
    {
        var words = PtbTokenizer.Tokenize(caption).Where(IsLettersOnly).ToList();
        var verbs = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (Auxiliaries.Contains(word) || NominalStopList.Contains(word))
            {
                continue;
            }

            var previous = i > 0 ? words[i - 1] : null;
            var afterCopula = previous is not null && Copulas.Contains(previous);
            var participle = word.Length > 4 && word.EndsWith("ing", StringComparison.Ordinal)
                && (previous is null || !Determiners.Contains(previous));
            if (!afterCopula && !participle)
            {
                continue;
            }

            var lemma = lexicon.Lemmatize(word);
            if (lemma is not null && !Auxiliaries.Contains(lemma) && !verbs.Contains(lemma))
            {
                verbs.Add(lemma);
            }
        }

        return verbs;
    }

    private static bool IsLettersOnly(string token) => token.Length > 0 && token.All(char.IsLetter);
}
