using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public sealed class VerbAccuracyTests
{
    [Fact]
    public void Score_WithTheVendoredWordNet_GivesTheHandWorkedAccuracies()
    {
        // Given the built-in WordNet verb files and three caption pairs worked by hand:
        //   "a car driving on a road"             -> {drive}      vs "a car is driving down the road" -> {drive}: hit, first verb hit
        //   "a bird flying over the sea"          -> {fly}        vs "a fish swimming in the water"   -> {swim}:  miss
        //   "a dog running and walking in a park" -> {run, walk}  vs "a man walking on the beach"     -> {walk}:  hit, first verb (run) miss
        var extractor = new VerbExtractor(VerbLexicon.Load(VerbLexicon.BuiltInDirectory));
        string[] predictions = ["a car driving on a road", "a bird flying over the sea", "a dog running and walking in a park"];
        string[] truth = ["a car is driving down the road", "a fish swimming in the water", "a man walking on the beach"];

        // When scored
        var result = VerbAccuracy.Score(extractor, predictions, truth);

        // Then any-verb accuracy is 2/3 and first-verb accuracy 1/3, over all three (each ground truth has a verb)
        Assert.Equal(["run", "walk"], extractor.Extract(predictions[2]));
        Assert.Equal(2, result.Hits);
        Assert.Equal(1, result.FirstVerbHits);
        Assert.Equal(3, result.Counted);
        Assert.Equal(2.0 / 3, result.Accuracy, 15);
        Assert.Equal(1.0 / 3, result.FirstVerbAccuracy, 15);
    }
}
