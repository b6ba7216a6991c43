using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Tests.Segmentation;

public class ConceptRecallTests
{
    [Fact]
    public void Compute_HandCase_RecallPerConceptAndZeroWithoutPositives()
    {
        // Given 3 clips × 3 concepts
        double[][] scores = [[0.9, 0.2, 0.7], [0.4, 0.8, 0.6], [0.6, 0.5, 0.1]];
        bool[][] labels = [[true, false, false], [true, true, false], [true, true, false]];

        // When recall is computed with the strict 0.5 threshold
        var recall = ConceptRecall.Compute(scores, labels);

        // Then concept 0: 2/3; concept 1: 0.8 hits, 0.5 does not → 1/2; concept 2: no positives → 0
        Assert.Equal(2.0 / 3.0, recall[0].Recall, 12);
        Assert.Equal(3, recall[0].Positives);
        Assert.Equal(0.5, recall[1].Recall, 12);
        Assert.Equal(0.0, recall[2].Recall);
        Assert.Equal(0, recall[2].Positives);
    }
}
