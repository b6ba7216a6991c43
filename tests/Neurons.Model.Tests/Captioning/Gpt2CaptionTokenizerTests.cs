using Neurons.Model.Captioning;

namespace Neurons.Model.Tests.Captioning;

public sealed class Gpt2CaptionTokenizerTests
{
    private readonly Gpt2CaptionTokenizer tokenizer = new();

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995 })]
    [InlineData(" Hello world", new[] { 18435, 995 })]
    [InlineData("<|endoftext|>", new[] { 50256 })]
    [InlineData("It's", new[] { 1026, 338 })]
    public void EncodeToIds_KnownStrings_GiveGpt2Ids(string text, int[] expected)
    {
        // GPT-2's published ids (the Hugging Face GPT2Tokenizer documentation's "Hello world" / " Hello world" example)
        Assert.Equal(expected, tokenizer.EncodeToIds(text));
    }

    [Fact]
    public void Encode_ShortCaption_EndsWithStopThenPads()
    {
        Assert.Equal(new long[] { 15496, 995, 50256, -100, -100 }, tokenizer.Encode("Hello world", 5));
    }

    [Fact]
    public void Encode_LongCaption_TruncatesAndKeepsStop()
    {
        Assert.Equal(new long[] { 15496, 50256 }, tokenizer.Encode("Hello world", 2));
    }

    [Fact]
    public void Decode_StopsAtStopAndSkipsPadding()
    {
        Assert.Equal("Hello world", tokenizer.Decode([15496, -100, 995, 50256, 995]));
    }

    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        const string caption = "A man is riding a horse on the beach.";
        Assert.Equal(caption, tokenizer.Decode(tokenizer.Encode(caption, 20)));
    }

    [Fact]
    public void PadAndStop_AreIgnoreIndexAndEndOfText()
    {
        Assert.Equal((-100L, 50256L), (tokenizer.PadId, tokenizer.StopId));
    }
}
