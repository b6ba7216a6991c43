using Neurons.Data.Tables;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Classification;
using Neurons.Evaluation.Frames;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Null;
using Neurons.Evaluation.Runs;
using Neurons.Evaluation.Tests.Captions;
using Neurons.Evaluation.Tests.Models;
using Neurons.Testing.Vision;

namespace Neurons.Evaluation.Tests.Runs;

public sealed class MetricsAccumulatorTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private static IReadOnlyList<RgbFrame> Clip(Random random)
    {
        return Enumerable.Range(0, 6).Select(_ =>
        {
            var rgb = new byte[3];
            random.NextBytes(rgb);
            var px = new byte[224 * 224 * 3];
            for (var i = 0; i < px.Length; i++)
            {
                px[i] = (byte)(rgb[i % 3] ^ (i / 3 % 224));
            }

            return new RgbFrame(224, 224, px);
        }).ToList();
    }

    private static EvaluationClip GroundTruth(int index, IReadOnlyList<RgbFrame> frames, string caption, bool[] mask, bool[] concepts) => new()
    {
        ClipId = $"test1_{index:000}",
        Index = index,
        TruthFrames = frames,
        PredictionFrames = frames,
        TruthCaption = caption,
        PredictionCaption = caption,
        TruthMask = mask,
        PredictionMask = mask,
        TruthConcepts = concepts,
        PredictionConcepts = concepts.Select(c => c ? 1.0 : 0.0).ToList(),
    };

    private string Save(string name, byte[] bytes)
    {
        var path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Complete_GroundTruthAgainstItself_GivesTheSanityValues()
    {
        // Given four clips compared with themselves, fixture VideoMAE, ViT and CLIP models
        using var video = VideoMaeClassifier.Open(Save("videomae.onnx", EvaluationFixtureModels.VideoMae()));
        using var vit = VitClassifier.Open(Save("vit.onnx", EvaluationFixtureModels.Vit()));
        using var clip = ClipImageEmbedder.Open(Save("clip.onnx", EvaluationFixtureModels.Clip()));
        var settings = new EvaluationSettings { Comparison = "gt_vs_gt", ConceptNames = ["dog", "car", "fish"] };
        var accumulator = new MetricsAccumulator(settings, new EvaluationModels(video, vit, clip), new VerbExtractor(VerbLexiconTests.Small()));
        var random = new Random(21);
        string[] captions = ["a dog running on grass", "a car parked near a building", "a fish swimming in water", "a bird flying over the sea"];
        for (var i = 0; i < 4; i++)
        {
            var mask = new bool[6 * 64 * 64];
            mask[(i * 100) + 7] = true;
            accumulator.Add(GroundTruth(i, Clip(random), captions[i], mask, [i == 0, i == 1, false]));
        }

        // When completed
        var (rows, summary) = accumulator.Complete([]);
        double Value(string metric, string variant) => summary.Entries.Single(e => e.Metric == metric && e.Variant == variant).Value;

        // Then identical videos give SSIM 1, PSNR at the cap, plain Dice 1, N-way 1, captions at their maxima
        Assert.Equal(1.0, Value("ssim", "reference"), 12);
        Assert.Equal(100.0, Value("psnr", string.Empty));
        Assert.Contains(summary.Notes, n => n.Contains("24 of 24 frames were capped", StringComparison.Ordinal));
        Assert.Equal(1.0, Value("dice", "plain"));
        Assert.True(Value("dice", "authors") < 1.0);
        Assert.Equal(1.0, Value("video_nway", "n=2"));
        Assert.Equal(1.0, Value("video_nway", "n=50"));
        Assert.Equal(1.0, Value("frame_nway", "n=50"));
        Assert.Equal(3.0 / 52, summary.Entries.Single(e => e.Metric == "video_nway" && e.Variant == "n=50").ChanceLevel!.Value, 12);
        Assert.InRange(Value("clip_pcc", "all_pairs"), -1.0, 1.0);
        Assert.Equal(1.0, Value("bleu", "4"), 9);
        Assert.Equal(10.0, Value("cider_d", string.Empty), 9);
        Assert.Equal(1.0, Value("verb_accuracy", "any"));
        Assert.Equal(1.0, Value("concept_recall", "dog"));
        Assert.Equal(0.0, Value("concept_recall", "fish"));

        // And per-frame and per-clip rows are there too
        Assert.Equal(24, rows.Count(r => r.Metric == "ssim" && r.Level == MetricRow.FrameLevel));
        Assert.Equal(24, rows.Count(r => r.Metric == "frame_nway" && r.Variant == "n=2" && r.Level == MetricRow.FrameLevel));
        Assert.Equal(4, rows.Count(r => r.Metric == "video_nway" && r.Variant == "n=2" && r.Level == MetricRow.ClipLevel));
        Assert.All(rows, r => Assert.Equal("gt_vs_gt", r.Comparison));
    }

    [Fact]
    public void Complete_WhenPredictionDiffers_ScoresBelowTheSanityValues()
    {
        // Given a clip whose prediction is another clip
        var random = new Random(2);
        var truth = Clip(random);
        var prediction = Clip(random);
        var accumulator = new MetricsAccumulator(new EvaluationSettings(), EvaluationModels.None, verbs: null);
        accumulator.Add(new EvaluationClip { ClipId = "test1_000", Index = 0, TruthFrames = truth, PredictionFrames = prediction });

        // When completed
        var (_, summary) = accumulator.Complete([]);

        // Then SSIM and PSNR fall below identity, and nothing was capped
        Assert.True(summary.Entries.Single(e => e.Metric == "ssim").Value < 0.99);
        Assert.True(summary.Entries.Single(e => e.Metric == "psnr").Value < 40);
        Assert.Contains(summary.Notes, n => n.Contains("0 of 6 frames were capped", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_WhenFrameCountsDiffer_NamesTheClip()
    {
        // Given a prediction with five frames / When added / Then rejected naming the clip
        var random = new Random(3);
        var accumulator = new MetricsAccumulator(new EvaluationSettings(), EvaluationModels.None, null);
        var ex = Assert.Throws<ArgumentException>(() => accumulator.Add(new EvaluationClip
        {
            ClipId = "test1_007",
            Index = 7,
            TruthFrames = Clip(random),
            PredictionFrames = Clip(random).Take(5).ToList(),
        }));
        Assert.Contains("test1_007", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_DisjointMasksAgainstThemselves_NullIsTheFixedPointShareOfEachPermutation()
    {
        // Given 8 clips whose masks do not overlap, each predicted exactly
        var settings = new EvaluationSettings { NullPermutations = 50, NullSeed = 3 };
        var accumulator = new MetricsAccumulator(settings, EvaluationModels.None, null);
        for (var i = 0; i < 8; i++)
        {
            var mask = new bool[6 * 64 * 64];
            mask[i * 10] = true;
            accumulator.Add(new EvaluationClip { ClipId = $"test1_{i:000}", Index = i, TruthMask = mask, PredictionMask = mask });
        }

        // When completed
        var result = accumulator.Complete([]);

        // Then plain Dice is 1, and under a permutation it is the share of clips paired with themselves
        // (any other pairing scores 0): the null, computed independently from the same permutations
        var expected = PermutationNull.Permutations(8, 50, 3).Select(p => p.Where((v, i) => v == i).Count() / 8.0).ToList();
        var dice = result.Summary.Entries.Single(e => e.Metric == "dice" && e.Variant == "plain");
        Assert.Equal(1.0, dice.Value);
        Assert.Equal(expected.Average(), dice.NullMean, 12);
        Assert.Equal(MeanStd.Of(expected).Std, dice.NullStd, 12);
        Assert.Equal((1.0 + expected.Count(v => v >= 1.0)) / 51, dice.PValue, 12);
        Assert.Equal(50, dice.Permutations);
        Assert.Equal(expected, result.Nulls["dice|plain"].Values);
    }

    [Fact]
    public void Complete_ConceptsPairedByHand_NullRecallMatchesTheHandCount()
    {
        // Given 2 clips: clip 0 has concept 0, clip 1 concept 1, each predicted exactly, and the two pairings
        var settings = new EvaluationSettings { NullPermutations = 200, ConceptNames = ["dog", "car"] };
        var accumulator = new MetricsAccumulator(settings, EvaluationModels.None, null);
        accumulator.Add(new EvaluationClip { ClipId = "a", Index = 0, TruthConcepts = [true, false], PredictionConcepts = [0.9, 0.1] });
        accumulator.Add(new EvaluationClip { ClipId = "b", Index = 1, TruthConcepts = [false, true], PredictionConcepts = [0.2, 0.8] });

        // When completed
        var summary = accumulator.Complete([]).Summary;

        // Then recall is 1 under the identity and 0 under the swap, so the null is Bernoulli(½) over the
        // drawn permutations: its mean is the share of identity draws and p = (1 + #identity)/(1 + 200)
        var identities = PermutationNull.Permutations(2, 200, 0).Count(p => p[0] == 0);
        var dog = summary.Entries.Single(e => e.Metric == "concept_recall" && e.Variant == "dog");
        Assert.Equal(1.0, dog.Value);
        Assert.Equal(identities / 200.0, dog.NullMean, 12);
        Assert.Equal((1.0 + identities) / 201, dog.PValue, 12);
    }

    [Fact]
    public void Complete_WithoutPermutations_LeavesTheNullEmpty()
    {
        // Given a null of 0 permutations / When completed / Then no aggregate has a null
        var accumulator = new MetricsAccumulator(new EvaluationSettings { NullPermutations = 0 }, EvaluationModels.None, null);
        accumulator.Add(new EvaluationClip { ClipId = "a", Index = 0, TruthConcepts = [true], PredictionConcepts = [0.9] });
        var result = accumulator.Complete([]);
        Assert.All(result.Summary.Entries, e => Assert.True(double.IsNaN(e.PValue)));
        Assert.Empty(result.Nulls);
    }

    [Fact]
    public void Complete_FrameAndNWayNulls_EqualEachPermutationRecomputedPairByPairWithThePublicMetrics()
    {
        // Given five clips whose predictions are other frames, fixture VideoMAE and ViT, and a 7-permutation null
        using var video = VideoMaeClassifier.Open(Save("videomae.onnx", EvaluationFixtureModels.VideoMae()));
        using var vit = VitClassifier.Open(Save("vit.onnx", EvaluationFixtureModels.Vit()));
        var settings = new EvaluationSettings { NullPermutations = 7, NullSeed = 3, Ways = [2, 5], Trials = 20, Seed = 11 };
        var random = new Random(5);
        var truths = Enumerable.Range(0, 5).Select(_ => Clip(random)).ToList();
        var predictions = Enumerable.Range(0, 5).Select(_ => Clip(random)).ToList();
        var accumulator = new MetricsAccumulator(settings, new EvaluationModels(video, vit, null), null);
        for (var i = 0; i < truths.Count; i++)
        {
            accumulator.Add(new EvaluationClip { ClipId = $"test1_{i:000}", Index = 3 * i, TruthFrames = truths[i], PredictionFrames = predictions[i] });
        }

        // When completed (the null prepares each side once and runs the clips in parallel)
        var result = accumulator.Complete([]);

        // Then every permutation's value is exactly the metric recomputed pair by pair from the public functions
        var permutations = PermutationNull.Permutations(5, 7, 3);
        double[] FramePair(int t, int p, Func<RgbFrame, RgbFrame, double> metric) => [.. truths[t].Select((f, k) => metric(f, predictions[p][k]))];
        double SsimOf(RgbFrame gt, RgbFrame pred) => Ssim.Compute(Grayscale.FromRgb(pred.Pixels, 224, 224), Grayscale.FromRgb(gt.Pixels, 224, 224), settings.Ssim);
        double PsnrOf(RgbFrame gt, RgbFrame pred) => Psnr.Cap(Psnr.Compute(gt.Pixels, pred.Pixels), settings.PsnrCapDb);
        double FrameMean(int[] pairing, Func<RgbFrame, RgbFrame, double> metric) =>
            FrameAggregate.Of([.. pairing.Select((p, t) => (IReadOnlyList<double>)FramePair(t, p, metric))]).Mean;
        Assert.Equal(permutations.Select(p => FrameMean(p, SsimOf)), result.Nulls[EvaluationResult.Key(MetricNames.Ssim, "reference")].Values);
        Assert.Equal(permutations.Select(p => FrameMean(p, PsnrOf)), result.Nulls[EvaluationResult.Key(MetricNames.Psnr, string.Empty)].Values);

        var videoTruth = truths.Select(c => video.Classify([c])[0]).ToList();
        var videoPrediction = predictions.Select(c => video.Classify([c])[0]).ToList();
        var frameTruth = truths.Select(c => vit.Classify(c)).ToList();
        var framePrediction = predictions.Select(c => vit.Classify(c)).ToList();
        foreach (var ways in settings.Ways)
        {
            var videoNull = permutations.Select(pairing => pairing.Select((p, t) =>
                NWayTopOne.SampleAccuracy(videoTruth[t], videoPrediction[p], ways, new Random(NWayTopOne.TrialSeed(11, 3 * t, -1, ways)), 20)).Average());
            var frameNull = permutations.Select(pairing => pairing.SelectMany((p, t) => frameTruth[t].Select((logits, f) =>
                NWayTopOne.SampleAccuracy(logits, framePrediction[p][f], ways, new Random(NWayTopOne.TrialSeed(11, 3 * t, f, ways)), 20))).Average());
            Assert.Equal(videoNull, result.Nulls[EvaluationResult.Key(MetricNames.VideoNWay, $"n={ways}")].Values);
            Assert.Equal(frameNull, result.Nulls[EvaluationResult.Key(MetricNames.FrameNWay, $"n={ways}")].Values);
        }
    }
}
