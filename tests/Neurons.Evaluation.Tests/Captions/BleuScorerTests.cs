using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public class BleuScorerTests
{
    private static readonly CaptionSample B1 = CaptionSample.Of("the cat on the mat", "the cat sat on the mat");
    private static readonly CaptionSample DogSample = new("a dog is running", ["a dog runs", "a brown dog is running on grass"]);

    [Fact]
    public void Score_WorkedExampleB1_MatchesReferenceScorer()
    {
        // Given worked example B1 / When scored
        var score = BleuScorer.Score([B1]);

        // Then counts and BLEU-1..4 match pycocoevalcap
        Assert.Equal([5L, 3, 1, 0], score.Correct);
        Assert.Equal([5L, 4, 3, 2], score.Guess);
        Assert.Equal(5, score.HypothesisLength);
        Assert.Equal(6, score.ReferenceLength);
        Assert.Equal(0.818731, score.Bleu[0], 6);
        Assert.Equal(0.709042, score.Bleu[1], 6);
        Assert.Equal(0.515768, score.Bleu[2], 6);
        Assert.Equal(8.657e-5, score.Bleu[3], 8);
    }

    [Fact]
    public void Score_WorkedExampleB2_UsesClosestReferenceAndCorpusTotals()
    {
        // Given worked example B2 (B1 plus a two-reference item) / When scored
        var score = BleuScorer.Score([B1, DogSample]);

        // Then the closest reference (3 words) is used and the epsilons leave BLEU-1 just below 1
        Assert.Equal([9L, 6, 2, 0], score.Correct);
        Assert.Equal([9L, 7, 5, 3], score.Guess);
        Assert.Equal(9, score.ReferenceLength);
        Assert.Equal(0.99999999978, score.Bleu[0], 11);
        Assert.True(score.Bleu[0] < 1.0);
        Assert.Equal(0.925820, score.Bleu[1], 6);
        Assert.Equal(0.699903, score.Bleu[2], 6);
        Assert.Equal(1.0339e-4, score.Bleu[3], 8);
    }

    [Theory]
    [InlineData(new[] { 3, 7 }, 5, 3)]
    [InlineData(new[] { 7, 3 }, 5, 3)]
    [InlineData(new[] { 9, 6 }, 5, 6)]
    public void ClosestLength_WhenTie_PrefersShorter(int[] lengths, int hyp, int expected)
    {
        // Given reference lengths at equal distance / When choosing / Then the shorter wins
        Assert.Equal(expected, BleuScorer.ClosestLength(lengths, hyp));
    }

    [Fact]
    public void ScoreRaw_WhenPunctuationAndCase_TokenisesFirst()
    {
        // Given raw captions differing only in case and punctuation / When scored after tokenisation
        var score = BleuScorer.ScoreRaw([CaptionSample.Of("The cat, on the mat.", "the cat sat on the mat")]);

        // Then the result equals B1's
        Assert.Equal(0.818731, score.Bleu[0], 6);
    }

    [Fact]
    public void Score_WhenNoReference_Throws()
    {
        // Given a sample without references / When scored / Then it is rejected with its index
        var ex = Assert.Throws<ArgumentException>(() => BleuScorer.Score([new CaptionSample("a b", [])]));
        Assert.Contains("sample 0", ex.Message, StringComparison.Ordinal);
    }
}
