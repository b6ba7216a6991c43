using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public class VerbExtractorTests
{
    private readonly VerbExtractor extractor = new(VerbLexiconTests.Small());

    [Theory]
    [InlineData("a bee collecting nectar from a flower", new[] { "collect" })]
    [InlineData("A man sitting on a bench, holding a cup.", new[] { "sit", "hold" })]
    [InlineData("a dog is running and swimming", new[] { "run", "swim" })]
    [InlineData("the building near a painting", new string[0])]
    [InlineData("a woman wearing a ring in the morning", new[] { "wear" })]
    [InlineData("the running water near a bird dancing", new[] { "dance" })]
    [InlineData("a bird was flying", new[] { "fly" })]
    [InlineData("two dogs are brown", new[] { "brown" })]
    [InlineData("a boy is being carried", new string[0])]
    public void Extract_AppliesParticipleCopulaAndStopRules(string caption, string[] expected)
    {
        // Given a caption / When its verbs are extracted / Then -ing verbs not after determiners, words after is/are/was/were, no auxiliaries or nominal -ing words
        Assert.Equal(expected, extractor.Extract(caption));
    }

    [Fact]
    public void Score_CountsOnlyItemsWhoseGroundTruthHasVerbs()
    {
        // Given three items: a match, a mismatch, and a GT without verbs
        var predictions = new[] { "a cat sitting and running", "a man walking", "a dog running" };
        var truth = new[] { "a dog running on grass", "a man swimming", "a red car" };

        // When scored
        var result = VerbAccuracy.Score(extractor, predictions, truth);

        // Then 1 of the 2 counted items hits; the SAAT first-verb variant misses item 0 (first verb "sit")
        Assert.Equal(2, result.Counted);
        Assert.Equal(3, result.Total);
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal(0.0, result.FirstVerbAccuracy);
    }

    [Fact]
    public void Score_WhenIdenticalCaptions_IsOne()
    {
        // Given predictions equal to the ground truth / When scored / Then every counted item hits
        var captions = new[] { "a dog running on grass", "a bird flying over water", "a red car" };
        var result = VerbAccuracy.Score(extractor, captions, captions);
        Assert.Equal(1.0, result.Accuracy);
        Assert.Equal(1.0, result.FirstVerbAccuracy);
        Assert.Equal(2, result.Counted);
    }
}
