using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public class CiderDScorerTests
{
    [Fact]
    public void Score_WorkedExampleC2_MatchesReferenceScorer()
    {
        // Given worked example C2 (two images, idf ln 2 except for "a")
        var corpus = new[]
        {
            CaptionSample.Of("a man rides a bike", "a man rides a horse"),
            CaptionSample.Of("a dog runs", "a dog runs on grass"),
        };

        // When scored
        var score = CiderDScorer.Score(corpus);

        // Then per-image and corpus values match cider_scorer.py
        Assert.Equal(6.45833, score.PerItem[0], 5);
        Assert.Equal(4.70985, score.PerItem[1], 5);
        Assert.Equal(5.58409, score.Corpus, 5);
    }

    [Fact]
    public void Score_WhenSingleImage_IsZero()
    {
        // Given a one-image corpus (ln 1 = 0 for every idf) / When scored / Then 0
        Assert.Equal(0.0, CiderDScorer.Score([CaptionSample.Of("a dog runs", "a dog runs")]).Corpus);
    }

    [Fact]
    public void Score_WhenHypothesesEqualReferences_IsTen()
    {
        // Given identical hypotheses and references over two images / When scored / Then 10
        var corpus = new[]
        {
            CaptionSample.Of("a man rides a horse on the beach", "a man rides a horse on the beach"),
            CaptionSample.Of("two dogs play with a ball", "two dogs play with a ball"),
        };
        Assert.Equal(10.0, CiderDScorer.Score(corpus).Corpus, 10);
    }

    [Fact]
    public void Score_WhenSeveralReferences_AveragesOverThem()
    {
        // Given an image with its hypothesis equal to one of two references
        var single = CiderDScorer.Score([
            CaptionSample.Of("a cat sleeps", "a cat sleeps"),
            CaptionSample.Of("a bird flies", "a bird flies"),
        ]);
        var doubled = CiderDScorer.Score([
            new CaptionSample("a cat sleeps", ["a cat sleeps", "a cat sleeps"]),
            CaptionSample.Of("a bird flies", "a bird flies"),
        ]);

        // When scored / Then duplicating a reference does not change the mean over references
        Assert.Equal(single.PerItem[0], doubled.PerItem[0], 10);
    }
}
