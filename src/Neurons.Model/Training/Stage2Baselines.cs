using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// The named trivial baselines every stage-2 sub-task must beat on the test clips, computed from the data alone:
/// concept mAP of scoring every clip with the training frequencies; Dice of the best constant mask (pixels whose
/// training key-object frequency is ≥ θ, θ chosen on the test masks, so an optimistic baseline); token accuracy of
/// always predicting the most frequent training caption token; L1 of the mean training latent. (The fifth, the
/// stage-1 output's cosine to the target tokens, needs the brain model and is measured by the evaluator.)
/// </summary>
/// <param name="ConceptMap">The training-frequency concept mAP.</param>
/// <param name="MaskDice">The best constant mask's Dice.</param>
/// <param name="CaptionAccuracy">The most-frequent-token accuracy.</param>
/// <param name="LatentL1">The mean-latent L1.</param>
/// <param name="MostFrequentToken">The most frequent training caption token.</param>
public sealed record Stage2Baselines(double ConceptMap, double MaskDice, double CaptionAccuracy, double LatentL1, long MostFrequentToken)
{
    /// <summary>Computes the baselines of a train/test pair; <paramref name="padId"/> is left out of the caption counts.</summary>
    public static Stage2Baselines Compute(Stage2Split train, Stage2Split test, long padId)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        using var scope = NewDisposeScope();

        // Concepts: a constant score per concept (its training frequency) for every test clip.
        var trainConcepts = train.Concepts.to(ScalarType.Float32);
        var testConcepts = test.Concepts.to(ScalarType.Float32).contiguous();
        var frequency = trainConcepts.mean([0]);
        var constantScores = frequency.unsqueeze(0).expand(testConcepts.shape).contiguous();
        var labelCount = (int)testConcepts.shape[1];
        var conceptMap = AveragePrecision.Mean(constantScores.data<float>().ToArray(), testConcepts.data<float>().ToArray(), labelCount);

        // Masks: the best of the constant masks {frequency ≥ θ}.
        var maskFrequency = train.Masks.to(ScalarType.Float32).mean([0, 1]).flatten();
        var testMasks = test.Masks.to(ScalarType.Float32);
        var testFrames = testMasks.shape[0] * testMasks.shape[1];
        var hits = testMasks.sum([0, 1]).flatten().data<float>().ToArray();
        var positives = hits.Sum(h => (double)h);
        var freq = maskFrequency.data<float>().ToArray();
        var bestDice = 0.0;
        foreach (var theta in freq.Distinct().Where(f => f > 0).Append(0f))
        {
            double overlap = 0, size = 0;
            for (var p = 0; p < freq.Length; p++)
            {
                if (freq[p] >= theta)
                {
                    overlap += hits[p];
                    size++;
                }
            }

            var dice = (2 * overlap) / ((size * testFrames) + positives);
            bestDice = Math.Max(bestDice, double.IsNaN(dice) ? 0 : dice);
        }

        // Captions: the most frequent non-pad training token at every non-pad test position.
        var trainIds = train.CaptionIds.data<long>().ToArray().Where(id => id != padId).GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).ToList();
        var top = trainIds.Count > 0 ? trainIds[0].Key : padId;
        var testIds = test.CaptionIds.data<long>().ToArray().Where(id => id != padId).ToList();
        var captionAccuracy = testIds.Count == 0 ? double.NaN : (double)testIds.Count(id => id == top) / testIds.Count;

        // Latents: the mean training latent (over clips and frames) for every test frame.
        var meanLatent = train.Latents.to(ScalarType.Float32).mean([0, 1], keepdim: true);
        var latentL1 = test.Latents.to(ScalarType.Float32).sub(meanLatent).abs().mean().item<float>();
        return new Stage2Baselines(conceptMap, bestDice, captionAccuracy, latentL1, top);
    }
}
