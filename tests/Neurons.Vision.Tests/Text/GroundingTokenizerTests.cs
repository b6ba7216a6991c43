using Neurons.Testing.Vision;
using Neurons.Vision.Text;

namespace Neurons.Vision.Tests.Text;

public sealed class GroundingTokenizerTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly GroundingTokenizer tokenizer;

    public GroundingTokenizerTests()
    {
        tokenizer = GroundingTokenizer.Load(TestVocabularies.WriteBert(temp.Path));
    }

    [Fact]
    public void Encode_WhenTwoPhrases_BuildsCaptionIdsAndPositionIdsPerPhrase()
    {
        // Given two object names, the first of two words and upper case
        // When the caption is encoded
        var caption = tokenizer.Encode(["Red Car", "dog"]);

        // Then the caption is "red car . dog ." between [CLS] and [SEP]
        Assert.Equal("red car . dog .", caption.Text);
        Assert.Equal([2L, 9, 10, 5, 7, 5, 3], caption.InputIds);

        // And positions restart after every separator, with [CLS]/[SEP] at 0
        Assert.Equal([0L, 0, 1, 2, 0, 1, 0], caption.PositionIds);
        Assert.Equal([new GroundingPhrase("red car", 1, 3), new GroundingPhrase("dog", 4, 5)], caption.Phrases);
    }

    [Fact]
    public void Encode_WhenTwoPhrases_SelfAttentionMaskIsBlockDiagonalPerPhrase()
    {
        // Given "red car . dog ." (tokens: CLS red car . dog . SEP)
        var caption = tokenizer.Encode(["red car", "dog"]);

        // When the T×T mask is read back as rows of 0/1
        var rows = Enumerable.Range(0, 7)
            .Select(r => string.Concat(Enumerable.Range(0, 7).Select(c => caption.SelfAttentionMask[(r * 7) + c] ? '1' : '0')))
            .ToArray();

        // Then CLS and SEP see themselves, "red car ." one block, "dog ." another
        Assert.Equal(
            [
                "1000000",
                "0111000",
                "0111000",
                "0111000",
                "0000110",
                "0000110",
                "0000001",
            ],
            rows);
        Assert.All(caption.AttentionMask(), Assert.True);
        Assert.All(caption.TokenTypeIds(), id => Assert.Equal(0L, id));
    }

    [Fact]
    public void Encode_WhenNamesRepeatOrHoldSeparators_DropsRepeatsAndSeparators()
    {
        // Given a repeated name and a name with a question mark
        // When encoded
        var caption = tokenizer.Encode(["dog", "dog", "ball?", " "]);

        // Then each name appears once and the "?" never splits a phrase
        Assert.Equal("dog . ball .", caption.Text);
        Assert.Equal(["dog", "ball"], caption.Phrases.Select(p => p.Text));
    }

    [Fact]
    public void Encode_WhenWordPieceSplitsAWord_PhraseSpansAllPieces()
    {
        // Given "balls" = ball ##s
        var caption = tokenizer.Encode(["balls", "man"]);

        // Then the phrase covers both pieces and the next one starts after the separator
        Assert.Equal([2L, 8, 11, 5, 13, 5, 3], caption.InputIds);
        Assert.Equal(new GroundingPhrase("balls", 1, 3), caption.Phrases[0]);
        Assert.Equal([0L, 0, 1, 2, 0, 1, 0], caption.PositionIds);
    }

    [Fact]
    public void Load_WhenMaxTextLengthIsShort_TruncatesIdsAndDropsCutPhrases()
    {
        // Given a tokenizer that keeps 5 tokens
        using var dir = new TempDirectory();
        var shortTokenizer = GroundingTokenizer.Load(TestVocabularies.WriteBert(dir.Path), maxTextLength: 5);

        // When "dog . ball . man ." is encoded (9 tokens)
        var caption = shortTokenizer.Encode(["dog", "ball", "man"]);

        // Then 5 ids remain: CLS dog . ball . and the last one is treated as the final special token
        Assert.Equal([2L, 7, 5, 8, 5], caption.InputIds);
        Assert.Equal(["dog", "ball"], caption.Phrases.Select(p => p.Text));
        Assert.Equal(25, caption.SelfAttentionMask.Length);
    }

    public void Dispose() => temp.Dispose();
}
