namespace Neurons.Testing.Vision;

/// <summary>Small tokenizer files with known ids for tests.</summary>
public static class TestVocabularies
{
    /// <summary>The WordPiece vocabulary written by <see cref="WriteBert"/>; a token's id is its index.</summary>
    public static IReadOnlyList<string> BertTokens { get; } =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "?", "dog", "ball", "red", "car", "##s", "fish",
        "man", "woman", "bird", "sky", "water", "road", "play", "##ing",
    ];

    /// <summary>Returns the id of a token of <see cref="BertTokens"/>.</summary>
    public static long BertId(string token)
    {
        var index = BertTokens.ToList().IndexOf(token);
        return index >= 0 ? index : throw new ArgumentException($"'{token}' is not in the test vocabulary", nameof(token));
    }

    /// <summary>Writes <see cref="BertTokens"/> as <c>vocab.txt</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteBert(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "vocab.txt");
        File.WriteAllLines(path, BertTokens);
        return path;
    }

    /// <summary>The CLIP BPE vocabulary written by <see cref="WriteClip"/>, in id order.</summary>
    public static IReadOnlyList<string> ClipTokens { get; } =
    [
        "a", "c", "d", "g", "o", "t", "a</w>", "c</w>", "d</w>", "g</w>", "o</w>", "t</w>", "ca", "cat</w>", "do",
        "dog</w>", ".", ".</w>", "<|startoftext|>", "<|endoftext|>",
    ];

    /// <summary>Writes a CLIP-style <c>vocab.json</c> and <c>merges.txt</c> (merges: c a, ca t&lt;/w&gt;, d o, do g&lt;/w&gt;).</summary>
    public static (string Vocab, string Merges) WriteClip(string directory)
    {
        Directory.CreateDirectory(directory);
        var vocab = System.IO.Path.Combine(directory, "vocab.json");
        var merges = System.IO.Path.Combine(directory, "merges.txt");
        var map = ClipTokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        File.WriteAllText(vocab, System.Text.Json.JsonSerializer.Serialize(map));
        File.WriteAllLines(merges, ["#version: 0.2", "c a", "ca t</w>", "d o", "do g</w>"]);
        return (vocab, merges);
    }
}
