using System.Text;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// The content words of a caption or a WordNet gloss, for Lesk-style overlap: lower case, letters only,
/// at least three letters, function words dropped, a plural or verb ending cut off so that
/// "lifts"/"lifting"/"lifted" meet.
/// </summary>
internal static class GlossWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "from", "into", "onto", "are", "was", "were", "has", "have", "had",
        "its", "his", "her", "their", "them", "they", "there", "which", "who", "whom", "what", "when", "where", "while",
        "some", "any", "all", "one", "two", "other", "such", "than", "then", "very", "more", "most", "used", "usually",
        "often", "especially", "something", "someone", "being", "been", "not", "but", "can", "may", "also", "each",
        "over", "under", "about", "out", "off", "part", "kind", "type", "form", "made", "make", "like", "having",
        "small", "large", "long", "various", "several", "many", "few", "use", "using", "person", "people", "man",
        "woman", "thing", "object", "something", "image", "picture", "frame", "scene", "shows", "showing", "seen",
    };

    public static HashSet<string> Of(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }

            Add(words, current);
        }

        Add(words, current);
        return words;
    }

    public static string Stem(string word)
    {
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            return word[..^3];
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^2];
        }

        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && (word[^3] is 's' or 'x' or 'z' or 'h'))
        {
            return word[..^2];
        }

        return word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1] : word;
    }

    private static void Add(HashSet<string> words, StringBuilder current)
    {
        if (current.Length >= 3)
        {
            var word = current.ToString();
            if (!StopWords.Contains(word))
            {
                words.Add(Stem(word));
            }
        }

        current.Clear();
    }
}
