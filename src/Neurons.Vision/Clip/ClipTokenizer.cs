using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Neurons.Vision.Clip;

/// <summary>
/// The CLIP BPE tokenizer (OpenAI / open_clip <c>SimpleTokenizer</c>) on Microsoft.ML.Tokenizers: lower-cased,
/// whitespace-collapsed text split by CLIP's pattern, byte-level BPE with the <c>&lt;/w&gt;</c> end-of-word
/// suffix from <c>vocab.json</c> + <c>merges.txt</c>; wrapped as <c>&lt;|startoftext|&gt; … &lt;|endoftext|&gt;</c>
/// and padded with 0 (open_clip) to the context length (77), truncated so the last token stays <c>&lt;|endoftext|&gt;</c>.
/// </summary>
public sealed partial class ClipTokenizer
{
    /// <summary>The start token.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>The end token.</summary>
    public const string EndOfText = "<|endoftext|>";

    private readonly BpeTokenizer bpe;

    private ClipTokenizer(BpeTokenizer bpe, int startId, int endId, int contextLength)
    {
        this.bpe = bpe;
        StartId = startId;
        EndId = endId;
        ContextLength = contextLength;
    }

    /// <summary>Gets the id of <c>&lt;|startoftext|&gt;</c> (49406 in OpenAI's vocabulary).</summary>
    public int StartId { get; }

    /// <summary>Gets the id of <c>&lt;|endoftext|&gt;</c> (49407).</summary>
    public int EndId { get; }

    /// <summary>Gets the context length (77).</summary>
    public int ContextLength { get; }

    /// <summary>Loads the tokenizer from CLIP's <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    public static ClipTokenizer Load(string vocabPath, string mergesPath, int contextLength = 77)
    {
        foreach (var file in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"CLIP tokenizer file not found: {file}", file);
            }
        }

        var vocabulary = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath))
            ?? throw new InvalidDataException($"{vocabPath}: not a JSON object of token ids");
        if (!vocabulary.TryGetValue(StartOfText, out var start) || !vocabulary.TryGetValue(EndOfText, out var end))
        {
            throw new InvalidDataException($"{vocabPath}: the vocabulary lacks {StartOfText} or {EndOfText}");
        }

        var specials = new Dictionary<string, int>(StringComparer.Ordinal) { [StartOfText] = start, [EndOfText] = end };
        var options = new BpeOptions(vocabPath, mergesPath)
        {
            PreTokenizer = new RegexPreTokenizer(Pattern(), specials),
            Normalizer = LowerCaseNormalizer.Instance,
            EndOfWordSuffix = "</w>",
            UnknownToken = EndOfText,
            ByteLevel = true,
            SpecialTokens = specials,
        };
        return new ClipTokenizer(BpeTokenizer.Create(options), start, end, contextLength);
    }

    /// <summary>Returns the BPE ids of a text without start/end tokens.</summary>
    public IReadOnlyList<int> EncodeWords(string text) =>
        bpe.EncodeToIds(Whitespace().Replace(text.Trim(), " "));

    /// <summary>Returns the <see cref="ContextLength"/> ids fed to the text encoder.</summary>
    public long[] Encode(string text)
    {
        var words = EncodeWords(text);
        var ids = new long[ContextLength];
        ids[0] = StartId;
        var n = Math.Min(words.Count, ContextLength - 2);
        for (var i = 0; i < n; i++)
        {
            ids[i + 1] = words[i];
        }

        ids[n + 1] = EndId;
        return ids;
    }

    /// <summary>
    /// Decodes ids to text as CLIP's <c>SimpleTokenizer.decode</c> does (<c>&lt;/w&gt;</c> becomes a space), leaving out
    /// the start and end tokens and pad 0.
    /// </summary>
    public string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var kept = ids.Where(id => id != StartId && id != EndId && id != 0).Select(id => (int)id).ToList();
        return (bpe.Decode(kept) ?? string.Empty).Trim();
    }

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
