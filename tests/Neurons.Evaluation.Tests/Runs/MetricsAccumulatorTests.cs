using Neurons.Data.Tables;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Models;
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
}
