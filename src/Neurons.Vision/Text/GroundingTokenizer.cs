using Microsoft.ML.Tokenizers;

namespace Neurons.Vision.Text;

/// <summary>
/// Builds Grounding DINO captions from object names with a BERT WordPiece tokenizer (<c>vocab.txt</c> of
/// <c>bert-base-uncased</c>): lower-cased phrases joined as <c>"dog . ball ."</c>, special tokens
/// <c>[CLS]</c>, <c>[SEP]</c>, <c>.</c> and <c>?</c> split the phrases, ids truncated to the model's
/// maximum text length (256).
/// </summary>
public sealed class GroundingTokenizer
{
    private readonly BertTokenizer tokenizer;
    private readonly HashSet<long> separators;
    private readonly int maxTextLength;

    private GroundingTokenizer(BertTokenizer tokenizer, int maxTextLength)
    {
        this.tokenizer = tokenizer;
        this.maxTextLength = maxTextLength;
        separators = [tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId];
        foreach (var punctuation in new[] { ".", "?" })
        {
            var ids = tokenizer.EncodeToIds(punctuation, addSpecialTokens: false);
            if (ids.Count == 1 && ids[0] != UnknownId(tokenizer))
            {
                separators.Add(ids[0]);
            }
        }

        var period = tokenizer.EncodeToIds(".", addSpecialTokens: false);
        if (period.Count != 1)
        {
            throw new ArgumentException("the vocabulary has no single token for '.', which separates Grounding DINO phrases");
        }

        PeriodId = period[0];
    }

    /// <summary>Gets the id of the phrase separator <c>.</c> (1012 in bert-base-uncased).</summary>
    public long PeriodId { get; }

    /// <summary>Loads the tokenizer from a WordPiece <c>vocab.txt</c>.</summary>
    /// <param name="vocabPath">The vocabulary file, one token per line (line number = id).</param>
    /// <param name="maxTextLength">Tokens kept at most (the model's <c>max_text_len</c>, 256).</param>
    public static GroundingTokenizer Load(string vocabPath, int maxTextLength = 256)
    {
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"BERT vocabulary not found: {vocabPath}", vocabPath);
        }

        var bert = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = true });
        return new GroundingTokenizer(bert, maxTextLength);
    }

    /// <summary>Builds the caption for the given object names (empty or repeated names are dropped).</summary>
    public GroundingCaption Encode(IEnumerable<string> phrases)
    {
        var names = phrases
            .Select(p => p.Replace('.', ' ').Replace('?', ' ').Trim().ToLowerInvariant())
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var text = string.Concat(names.Select(n => n + " . ")).TrimEnd();
        var ids = tokenizer.EncodeToIds(text, addSpecialTokens: true).Select(i => (long)i).ToArray();
        if (ids.Length > maxTextLength)
        {
            ids = ids[..maxTextLength];
        }

        var (mask, positions) = BuildMaskAndPositions(ids, separators);
        return new GroundingCaption(text, ids, positions, mask, Spans(ids, names));
    }

    /// <summary>
    /// The reference algorithm: start from the identity; for each special token at column c (in order),
    /// if c is the first or last position it attends to itself with position 0, otherwise tokens
    /// (previous+1 … c) attend to each other and get positions 0 … c−previous−1.
    /// </summary>
    internal static (bool[] Mask, long[] Positions) BuildMaskAndPositions(long[] ids, IReadOnlySet<long> specialIds)
    {
        var t = ids.Length;
        var mask = new bool[t * t];
        var positions = new long[t];
        for (var i = 0; i < t; i++)
        {
            mask[(i * t) + i] = true;
        }

        var previous = 0;
        for (var col = 0; col < t; col++)
        {
            if (!specialIds.Contains(ids[col]))
            {
                continue;
            }

            if (col == 0 || col == t - 1)
            {
                positions[col] = 0;
            }
            else
            {
                for (var r = previous + 1; r <= col; r++)
                {
                    for (var c = previous + 1; c <= col; c++)
                    {
                        mask[(r * t) + c] = true;
                    }

                    positions[r] = r - previous - 1;
                }
            }

            previous = col;
        }

        return (mask, positions);
    }

    private static int UnknownId(BertTokenizer tokenizer) =>
        tokenizer.EncodeToIds("[UNK]", addSpecialTokens: false) is { Count: 1 } unk ? unk[0] : -1;

    private List<GroundingPhrase> Spans(long[] ids, List<string> names)
    {
        var spans = new List<GroundingPhrase>(names.Count);
        var start = 1;
        for (var i = 1; i < ids.Length && spans.Count < names.Count; i++)
        {
            if (!separators.Contains(ids[i]))
            {
                continue;
            }

            if (i > start)
            {
                spans.Add(new GroundingPhrase(names[spans.Count], start, i));
            }

            start = i + 1;
        }

        return spans;
    }
}
