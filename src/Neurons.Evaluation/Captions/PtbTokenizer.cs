using System.Text;

namespace Neurons.Evaluation.Captions;

/// <summary>
/// A port of the rules of Stanford PTBTokenizer 3.4.1 as pycocoevalcap runs it
/// (<c>-preserveLines -lowerCase</c>), followed by pycocoevalcap's punctuation drop list.
/// Punctuation is split off; clitics become their own tokens (<c>can't</c> → <c>ca n't</c>,
/// <c>it's</c> → <c>it 's</c>); hyphenated words, decimals (<c>3.5</c>), thousands (<c>1,000</c>),
/// times (<c>10:30</c>) and acronyms (<c>u.s.</c>) stay one token; brackets, quotes and the
/// punctuation of the drop list are removed. Byte parity with the Java tool is not claimed.
/// </summary>
public static class PtbTokenizer
{
    /// <summary>The tokens pycocoevalcap removes after PTB tokenisation.</summary>
    public static readonly IReadOnlySet<string> DroppedTokens = new HashSet<string>(StringComparer.Ordinal)
    {
        "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";",
    };

    private static readonly string[] Clitics = ["'s", "'re", "'ve", "'ll", "'d", "'m"];

    /// <summary>Tokenises a caption and drops punctuation, as pycocoevalcap does before scoring.</summary>
    /// <param name="text">The caption.</param>
    /// <returns>The lowercased tokens, without the dropped punctuation.</returns>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<string>();
        foreach (var token in TokenizeRaw(text))
        {
            if (!DroppedTokens.Contains(token))
            {
                result.Add(token);
            }
        }

        return result;
    }

    /// <summary>Tokenises a caption and joins the kept tokens with single spaces (the scorers' input).</summary>
    public static string TokenizeToString(string text) => string.Join(' ', Tokenize(text));

    /// <summary>
    /// Tokenises without the drop list: brackets become <c>-LRB-</c>, <c>-RRB-</c>, <c>-LSB-</c>,
    /// <c>-RSB-</c>, <c>-LCB-</c>, <c>-RCB-</c>; double quotes become <c>``</c> (opening) or <c>''</c>.
    /// </summary>
    public static IReadOnlyList<string> TokenizeRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(text);
        var tokens = new List<string>();
        foreach (var chunk in normalized.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            ScanChunk(chunk, tokens);
        }

        return tokens;
    }

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201B' or '\u2032' => '\'',
                '\u201C' or '\u201D' or '\u201E' => '"',
                '\u2013' or '\u2014' => '-',
                _ => char.ToLowerInvariant(c),
            });
        }

        return sb.ToString();
    }

    private static void ScanChunk(string s, List<string> tokens)
    {
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsLetterOrDigit(c))
            {
                var end = ScanWord(s, i);
                EmitWord(s[i..end], tokens);
                i = end;
            }
            else if (c == '.' || c == '-')
            {
                var end = i;
                while (end < s.Length && s[end] == c)
                {
                    end++;
                }

                tokens.Add(c == '.' && end - i >= 2 ? "..." : s[i..end]);
                i = end;
            }
            else if (c == '\'')
            {
                // A clitic written on its own ("'s") or a leading apostrophe.
                var end = i + 1;
                while (end < s.Length && char.IsLetter(s[end]))
                {
                    end++;
                }

                var piece = s[i..end];
                if (Array.IndexOf(Clitics, piece) >= 0)
                {
                    tokens.Add(piece);
                    i = end;
                }
                else if (end < s.Length && s[end] == '\'')
                {
                    tokens.Add("''");
                    i += 2;
                }
                else
                {
                    tokens.Add("'");
                    i++;
                }
            }
            else if (c == '`')
            {
                tokens.Add(i + 1 < s.Length && s[i + 1] == '`' ? "``" : "`");
                i += i + 1 < s.Length && s[i + 1] == '`' ? 2 : 1;
            }
            else if (c == '"')
            {
                tokens.Add(tokens.Count == 0 || i == 0 ? "``" : "''");
                i++;
            }
            else
            {
                tokens.Add(c switch
                {
                    '(' => "-LRB-",
                    ')' => "-RRB-",
                    '[' => "-LSB-",
                    ']' => "-RSB-",
                    '{' => "-LCB-",
                    '}' => "-RCB-",
                    _ => c.ToString(),
                });
                i++;
            }
        }
    }

    /// <summary>Scans a word starting at a letter or digit; joiners stay inside when letters/digits surround them.</summary>
    private static int ScanWord(string s, int start)
    {
        var i = start;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var hasNext = i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1]);
            var prevDigit = char.IsDigit(s[i - 1]);
            var nextDigit = hasNext && char.IsDigit(s[i + 1]);
            var joins = c switch
            {
                '-' or '/' or '.' or '&' or '\'' => hasNext,
                ',' or ':' => prevDigit && nextDigit,
                _ => false,
            };
            if (!joins)
            {
                break;
            }

            i++;
        }

        // Acronyms keep their final period: "u.s." (a period inside and one at the end).
        if (i < s.Length && s[i] == '.' && s[start..i].Contains('.', StringComparison.Ordinal) && char.IsLetter(s[i - 1]))
        {
            i++;
        }

        return i;
    }

    private static void EmitWord(string word, List<string> tokens)
    {
        switch (word)
        {
            case "cannot":
                tokens.Add("can");
                tokens.Add("not");
                return;
            case "gonna" or "gotta" or "wanna" or "gimme" or "lemme":
                tokens.Add(word[..3]);
                tokens.Add(word[3..]);
                return;
        }

        if (word.Length > 3 && word.EndsWith("n't", StringComparison.Ordinal))
        {
            tokens.Add(word[..^3]);
            tokens.Add("n't");
            return;
        }

        foreach (var clitic in Clitics)
        {
            if (word.Length > clitic.Length && word.EndsWith(clitic, StringComparison.Ordinal))
            {
                tokens.Add(word[..^clitic.Length]);
                tokens.Add(clitic);
                return;
            }
        }

        // A plural possessive or closing quote: "dogs'" never reaches here (the apostrophe needs a letter after it).
        tokens.Add(word);
    }
}
