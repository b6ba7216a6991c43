namespace Neurons.Annotation.WordNet;

/// <summary>
/// WordNet's <c>morphy</c> for nouns: the base forms of an inflected noun that the database defines.
/// Order of the result: the irregular forms of the exception list (<c>noun.exc</c>: men → man,
/// geese → goose); then the forms the detachment rules give (buses → bus, boxes → box, ladies → lady;
/// none for words ending in "ss" or of two letters or fewer; "-ful" is kept aside and put back:
/// boxesful → boxful) together with the word itself when WordNet defines it (clothes, gas), the form
/// with more senses tagged in WordNet's semantic concordance first and, on a tie, the detached form
/// first (shoes → shoe, arms → arm, but gas stays gas rather than ga, gallium). For a collocation
/// the rules are applied word by word (traffic_lights → traffic_light).
/// </summary>
public sealed class NounMorphy
{
    // WordNet 3.0 morph.c, noun suffixes and their replacements, in the order WordNet tries them.
    private static readonly (string Suffix, string Ending)[] DetachmentRules =
    [
        ("s", string.Empty),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> exceptions;
    private readonly Func<string, int> taggedSenses;

    /// <summary>Initializes a new instance of the <see cref="NounMorphy"/> class.</summary>
    /// <param name="exceptions">The exception list: inflected form → base forms.</param>
    /// <param name="taggedSenses">A lemma's tagged sense count in the noun index, or −1 when the index lacks it.</param>
    public NounMorphy(IReadOnlyDictionary<string, IReadOnlyList<string>> exceptions, Func<string, int> taggedSenses)
    {
        this.exceptions = exceptions;
        this.taggedSenses = taggedSenses;
    }

    /// <summary>
    /// Returns the lemmas WordNet defines for <paramref name="word"/> (lower case, underscores between
    /// the words of a collocation), most likely first; empty when there is none.
    /// </summary>
    public IReadOnlyList<string> BaseForms(string word)
    {
        var result = new List<string>();
        AddSingleForms(word, result);
        if (word.Contains('_', StringComparison.Ordinal))
        {
            var parts = word.Split('_');
            var morphed = string.Join('_', parts.Select(p =>
            {
                var forms = new List<string>();
                AddSingleForms(p, forms);
                return forms.Count > 0 ? forms[0] : p;
            }));
            if (taggedSenses(morphed) >= 0 && !result.Contains(morphed))
            {
                result.Add(morphed);
            }
        }

        return result;
    }

    private void AddSingleForms(string word, List<string> result)
    {
        if (exceptions.TryGetValue(word, out var bases))
        {
            foreach (var form in bases)
            {
                AddIfDefined(form, result);
            }
        }

        var regular = Detach(word)
            .Append(word)
            .Distinct(StringComparer.Ordinal)
            .Select(form => (Form: form, Tagged: taggedSenses(form)))
            .Where(f => f.Tagged >= 0)
            .OrderByDescending(f => f.Tagged);
        foreach (var (form, _) in regular)
        {
            AddIfDefined(form, result);
        }
    }

    private IEnumerable<string> Detach(string word)
    {
        var stem = word;
        var ending = string.Empty;
        if (word.EndsWith("ful", StringComparison.Ordinal) && word.Length > 3)
        {
            stem = word[..^3];
            ending = "ful";
        }
        else if (word.EndsWith("ss", StringComparison.Ordinal) || word.Length <= 2)
        {
            yield break;
        }

        foreach (var (suffix, replacement) in DetachmentRules)
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length)
            {
                yield return string.Concat(stem.AsSpan(0, stem.Length - suffix.Length), replacement, ending);
            }
        }
    }

    private void AddIfDefined(string form, List<string> result)
    {
        if (form.Length > 0 && !result.Contains(form) && taggedSenses(form) >= 0)
        {
            result.Add(form);
        }
    }
}
