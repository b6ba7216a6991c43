using Neurons.Annotation.WordNet;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// Finds the WordNet lemmas of a normalised object name. For the whole name, then for ever shorter
/// tails of it (its head noun last), it tries: the words as one collocation through morphy
/// (<c>traffic lights</c> → traffic_light); hyphens as spaces (<c>fishing-rod</c> → fishing_rod); the
/// words written together, matched against WordNet's lemma list with separators removed
/// (<c>tooth brush</c> → toothbrush, <c>steeringwheel</c> → steering_wheel, <c>tshirt</c> → t-shirt).
/// A single word none of this places is split into WordNet lemmas (longest first part, fewest
/// parts, parts of at least three letters) and taken as the collocation of its parts when WordNet
/// lists it, else by its head noun, the last part (<c>bathroomsink</c> → sink).
/// </summary>
internal sealed class LemmaFinder(WordNetDatabase wordNet)
{
    private const int MinimumPart = 3;

    public LemmaMatch? Find(string name)
    {
        var words = name.Split(' ');
        for (var start = 0; start < words.Length; start++)
        {
            var tail = words[start..];
            var howWhole = start == 0 ? (tail.Length == 1 ? "word" : "collocation") : "head noun";
            var forms = wordNet.Morphy.BaseForms(string.Join('_', tail));
            if (forms.Count > 0)
            {
                return new LemmaMatch(forms, howWhole);
            }

            var joined = string.Join('_', tail);
            if (joined.Contains('-', StringComparison.Ordinal))
            {
                forms = wordNet.Morphy.BaseForms(joined.Replace('-', '_'));
                if (forms.Count > 0)
                {
                    return new LemmaMatch(forms, "hyphen");
                }
            }

            var compact = LemmaList.Compact(joined);
            if (compact.Length >= 2 * MinimumPart)
            {
                var found = FindCompact(compact);
                if (found.Count > 0)
                {
                    return new LemmaMatch(found, tail.Length > 1 || joined.Contains('-', StringComparison.Ordinal) ? "joined" : "run-together");
                }
            }
        }

        var last = LemmaList.Compact(words[^1]);
        return Split(last);
    }

    // A run-together word: its own spelling and its detached (singular) forms, looked up with separators removed.
    private List<string> FindCompact(string compact)
    {
        var result = new List<string>();
        foreach (var candidate in SingularCandidates(compact))
        {
            foreach (var lemma in wordNet.FindCompact(candidate))
            {
                if (!result.Contains(lemma))
                {
                    result.Add(lemma);
                }
            }

            if (wordNet.IsLemma(candidate) && !result.Contains(candidate))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private static IEnumerable<string> SingularCandidates(string word)
    {
        yield return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            yield return word[..^3] + "y";
        }

        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4)
        {
            yield return word[..^2];
        }

        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3)
        {
            yield return word[..^1];
        }
    }

    private LemmaMatch? Split(string word)
    {
        if (word.Length < 2 * MinimumPart || !word.All(char.IsAsciiLetterLower))
        {
            return null;
        }

        // best[i]: the fewest parts covering word[..i], preferring a longer first part; parts of at least three letters.
        var best = new List<string>?[word.Length + 1];
        best[0] = [];
        for (var end = MinimumPart; end <= word.Length; end++)
        {
            for (var begin = 0; begin <= end - MinimumPart; begin++)
            {
                if (best[begin] is not { } head)
                {
                    continue;
                }

                var part = word[begin..end];
                var isLast = end == word.Length;
                var ok = wordNet.IsLemma(part) || (isLast && wordNet.Morphy.BaseForms(part).Count > 0);
                if (!ok)
                {
                    continue;
                }

                var candidate = new List<string>(head) { part };
                if (best[end] is not { } current || candidate.Count < current.Count
                    || (candidate.Count == current.Count && candidate[0].Length > current[0].Length))
                {
                    best[end] = candidate;
                }
            }
        }

        if (best[word.Length] is not { Count: >= 2 } parts)
        {
            return null;
        }

        var headForms = wordNet.Morphy.BaseForms(parts[^1]);
        var headForm = headForms.Count > 0 ? headForms[0] : parts[^1];
        var collocation = string.Join('_', parts.Take(parts.Count - 1).Append(headForm));
        if (wordNet.IsLemma(collocation))
        {
            return new LemmaMatch([collocation], "run-together");
        }

        return headForms.Count > 0 ? new LemmaMatch(headForms, "split head") : null;
    }
}
