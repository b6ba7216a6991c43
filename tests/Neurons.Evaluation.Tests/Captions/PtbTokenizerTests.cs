using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public class PtbTokenizerTests
{
    [Theory]
    [InlineData("Can't stop", new[] { "ca", "n't", "stop" })]
    [InlineData("It's a dog.", new[] { "it", "'s", "a", "dog" })]
    [InlineData("The dog's ball", new[] { "the", "dog", "'s", "ball" })]
    [InlineData("They won't go", new[] { "they", "wo", "n't", "go" })]
    [InlineData("You cannot", new[] { "you", "can", "not" })]
    public void Tokenize_WhenClitics_SplitsAndKeepsThem(string text, string[] expected)
    {
        // Given a caption with contractions / When tokenised / Then 's and n't are separate, kept tokens
        Assert.Equal(expected, PtbTokenizer.Tokenize(text));
    }

    [Fact]
    public void Tokenize_WhenHyphenatedWord_KeepsOneToken()
    {
        // Given a hyphenated word / When tokenised / Then it stays whole
        Assert.Equal(["a", "well-dressed", "man"], PtbTokenizer.Tokenize("A well-dressed man"));
    }

    [Fact]
    public void Tokenize_WhenPunctuationAndBrackets_DropsThemAndLowercases()
    {
        // Given punctuation from the drop list, brackets and quotes
        var text = "A Dog (brown), running... \"fast\"; then: stops! Why? - -- dogs' toys";

        // When tokenised
        var tokens = PtbTokenizer.Tokenize(text);

        // Then only words survive, lowercased
        Assert.Equal(["a", "dog", "brown", "running", "fast", "then", "stops", "why", "dogs", "toys"], tokens);
    }

    [Fact]
    public void TokenizeRaw_WhenBracketsAndQuotes_UsesPtbEscapes()
    {
        // Given brackets and double quotes / When tokenised without the drop list / Then PTB escapes appear
        Assert.Equal(["-LRB-", "a", "-RRB-", "``", "b", "''", "."], PtbTokenizer.TokenizeRaw("(a) \"b\"."));
    }

    [Fact]
    public void Tokenize_WhenNumbersTimesAndAcronyms_KeepsThemWhole()
    {
        // Given decimals, thousands, times and an acronym / When tokenised / Then each is one token and the final period goes
        Assert.Equal(["3.5", "kg", "1,000", "people", "at", "10:30", "in", "u.s."], PtbTokenizer.Tokenize("3.5 kg, 1,000 people at 10:30 in U.S."));
    }

    [Fact]
    public void Tokenize_WhenCurlyApostrophe_TreatsItAsStraight()
    {
        // Given a typographic apostrophe / When tokenised / Then it splits like a straight one
        Assert.Equal(["it", "'s", "fine"], PtbTokenizer.Tokenize("It\u2019s fine"));
    }
}
