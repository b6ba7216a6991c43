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
}
