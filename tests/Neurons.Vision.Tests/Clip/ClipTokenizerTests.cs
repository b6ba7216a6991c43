using Neurons.Testing.Vision;
using Neurons.Vision.Clip;

namespace Neurons.Vision.Tests.Clip;

public sealed class ClipTokenizerTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ClipTokenizer tokenizer;

    public ClipTokenizerTests()
    {
        var (vocab, merges) = TestVocabularies.WriteClip(temp.Path);
        tokenizer = ClipTokenizer.Load(vocab, merges);
    }

    [Fact]
    public void Encode_WhenCaptionHasCaseSpacesAndPunctuation_AppliesMergesWithEndOfWordSuffix()
    {
        // Given "A  Cat. dog" (the merges build cat</w> and dog</w>)
        // When encoded
        var ids = tokenizer.Encode("A  Cat. dog");

        // Then: <sot> a</w> cat</w> .</w> dog</w> <eot>, zero-padded to 77
        Assert.Equal(77, ids.Length);
        Assert.Equal([18L, 6, 13, 17, 15, 19, 0], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(0L, id));
    }

    [Fact]
    public void Encode_WhenWordHasNoFullMerge_SplitsIntoPiecesEndingWithSuffix()
    {
        // Given "cog": c, o, g</w> with no merge among them
        // When encoded
        var words = tokenizer.EncodeWords("cog");

        // Then the pieces are c o g</w>
        Assert.Equal([1, 4, 9], words);
    }

    [Fact]
    public void Encode_WhenTextIsLongerThanContext_KeepsEndTokenLast()
    {
        // Given 100 words
        var text = string.Join(' ', Enumerable.Repeat("dog", 100));

        // When encoded
        var ids = tokenizer.Encode(text);

        // Then 75 words fit between <sot> and <eot>
        Assert.Equal(18L, ids[0]);
        Assert.All(ids[1..76], id => Assert.Equal(15L, id));
        Assert.Equal(19L, ids[76]);
    }

    public void Dispose() => temp.Dispose();
}
