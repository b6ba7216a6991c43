using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Summary;
using Neurons.Stages.Evaluate;

namespace Neurons.Stages.Tests.Evaluate;

public sealed class EvaluateStageTests : IDisposable
{
    private readonly EvaluateWorkItem work = new();

    public void Dispose() => work.Dispose();

    private static ClipRow Clip(string segment, string split, int tr, int splitIndex, int seed)
    {
        var random = new Random(seed);
        var frames = new byte[6 * 224 * 224 * 3];
        random.NextBytes(frames);
        return new ClipRow
        {
            ClipId = $"{segment}_{tr:000}",
            Split = split,
            Segment = segment,
            TrIndex = tr,
            SplitIndex = splitIndex,
            Width = 224,
            Height = 224,
            Frames = TableImages.FromRgbFrames(frames, 224, 224),
        };
    }

    private static MaskRow Mask(string clipId, int frame, string label, int x0)
    {
        var bits = new bool[224 * 224];
        for (var y = 50; y < 120; y++)
        {
            for (var x = x0; x < x0 + 60; x++)
            {
                bits[(y * 224) + x] = true;
            }
        }

        return new MaskRow { ClipId = clipId, Frame = frame, Object = label, Width = 224, Height = 224, Mask = TableImages.FromMask(bits, 224, 224), Score = 1, Source = "import" };
    }

    private async Task GivenMiniTestSplitAsync(JsonObject? conceptsMetadata = null)
    {
        await work.AddAsync("clips", EvaluateWorkItem.Seg1, [Clip("seg1", "train", 0, 0, 1)]);
        await work.AddAsync("clips", EvaluateWorkItem.Test1, [Clip("test1", "test", 0, 0, 2), Clip("test1", "test", 1, 1, 3), Clip("test1", "test", 2, 2, 4)]);
        await work.AddAsync("annotations", EvaluateWorkItem.Test1, new[]
        {
            new AnnotationRow { ClipId = "test1_000", Frame = 2, Caption = "A dog running on the road.", Objects = ["dog"], Model = "import" },
            new AnnotationRow { ClipId = "test1_001", Frame = 2, Caption = "A fish swimming in water.", Objects = ["fish"], Model = "import" },
            new AnnotationRow { ClipId = "test1_002", Frame = 2, Caption = string.Empty, Status = "failed", Error = "timeout" },
        });
        await work.AddAsync("masks", EvaluateWorkItem.Test1, Enumerable.Range(0, 6).Select(f => Mask("test1_000", f, "dog", 10 + f)).Concat([Mask("test1_001", 0, "fish", 100)]).ToList());
        await work.AddAsync("concepts", EvaluateWorkItem.Test1, new[]
        {
            new ConceptRow { ClipId = "test1_000", Concepts = ["animal", "road"], MultiHot = [1, 0, 1] },
            new ConceptRow { ClipId = "test1_001", Concepts = ["animal"], MultiHot = [1, 0, 0] },
        },
        conceptsMetadata ?? []);
    }

    [Fact]
    public async Task RunAsync_GroundTruthAgainstItself_WritesSanityMetricsAndSummary()
    {
        // Given a train and a test clips shard with annotations, masks and concepts of the test clips
        await GivenMiniTestSplitAsync();
        var (context, output) = work.Context(EvaluateWorkItem.DefaultParameters(work.WordNet));

        // When the stage runs
        await new EvaluateStage().RunAsync(context, CancellationToken.None);

        // Then the metrics table covers the 3 test clips only, with the sanity values
        var rows = await ParquetRows.ReadAsync<MetricRow>(output.Path, CancellationToken.None);
        Assert.Equal(rows.Count, output.Rows);
        Assert.Equal(3 * 6, rows.Count(r => r.Metric == "ssim" && r.Level == MetricRow.FrameLevel));
        Assert.DoesNotContain(rows, r => r.ClipId.StartsWith("seg1", StringComparison.Ordinal));
        var summary = MetricSummary.FromJson(output.Metadata["summary"]!.AsObject());
        double Value(string metric, string variant) => summary.Entries.Single(e => e.Metric == metric && e.Variant == variant).Value;
        Assert.Equal("gt_vs_gt", summary.Comparison);
        Assert.Equal(1.0, Value("ssim", "reference"), 12);
        Assert.Equal(100.0, Value("psnr", string.Empty));
        Assert.Equal(1.0, Value("dice", "plain"));
        Assert.Equal(1.0, Value("bleu", "1"), 9);
        Assert.Equal(10.0, Value("cider_d", string.Empty), 9);
        Assert.Equal(1.0, Value("verb_accuracy", "any"));
        Assert.Equal(1.0, Value("concept_recall", "animal"));
        Assert.Equal(1.0, Value("concept_recall", "road"));
        Assert.Equal(0.0, Value("concept_recall", "concept_1"));
        Assert.Equal(2, summary.Entries.Single(e => e.Metric == "bleu" && e.Variant == "1").Count);
        Assert.Equal(3, (int)output.Metadata["clips"]!);

        // And the metrics that need models say why they are missing
        Assert.Contains(summary.Notes, n => n.Contains("video N-way skipped: stages.evaluate.videomae_model is not set", StringComparison.Ordinal));
        Assert.Contains(summary.Notes, n => n.Contains("18 of 18 frames were capped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WhenWordNetMissing_SkipsVerbAccuracyWithANote()
    {
        // Given no WordNet verb files
        await GivenMiniTestSplitAsync();
        var (context, output) = work.Context(EvaluateWorkItem.DefaultParameters(Path.Combine(work.Workspace, "nowhere")));

        // When the stage runs
        await new EvaluateStage().RunAsync(context, CancellationToken.None);

        // Then verb accuracy is absent and the note names the missing file
        var summary = MetricSummary.FromJson(output.Metadata["summary"]!.AsObject());
        Assert.DoesNotContain(summary.Entries, e => e.Metric == "verb_accuracy");
        Assert.Contains(summary.Notes, n => n.StartsWith("verb accuracy skipped", StringComparison.Ordinal) && n.Contains("index.verb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WithTheStageYamlDefaultWordNet_FindsTheVendoredVerbFilesAndScoresVerbs()
    {
        // Given the evaluate contract as a run loads it from the build output (path defaults resolve against the checkout's stages/)
        var catalog = StageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "stages"));
        Assert.True(catalog.TryGet("evaluate", out var evaluate));
        var wordNet = (string)evaluate.Parameters.Single(p => p.Name == "wordnet_dir").Default!;
        await GivenMiniTestSplitAsync();

        // When the stage runs with that default
        var (context, output) = work.Context(EvaluateWorkItem.DefaultParameters(wordNet));
        await new EvaluateStage().RunAsync(context, CancellationToken.None);

        // Then the default is the repository's wordnet/, which vendors the verb files, and verb accuracy is
        // scored over the two captions with a verb ("running" -> run, "swimming" -> swim; the third clip failed)
        Assert.Equal(Path.Combine(RepositoryRoot(), "wordnet"), wordNet);
        var summary = MetricSummary.FromJson(output.Metadata["summary"]!.AsObject());
        Assert.DoesNotContain(summary.Notes, n => n.StartsWith("verb accuracy skipped", StringComparison.Ordinal));
        var verbs = summary.Entries.Single(e => e.Metric == "verb_accuracy" && e.Variant == "any");
        Assert.Equal(1.0, verbs.Value);
        Assert.Equal(2, verbs.Count);
    }

    [Fact]
    public async Task RunAsync_WithConceptsSidecars_NamesEveryConceptRowFromTheVocabulary()
    {
        // Given concepts shards whose sidecar lists the vocabulary (animal, human, road) while the rows name only animal and road
        await GivenMiniTestSplitAsync(new JsonObject { ["concept_clips"] = new JsonObject { ["animal"] = 2, ["human"] = 0, ["road"] = 1 } });
        var (context, output) = work.Context(EvaluateWorkItem.DefaultParameters(work.WordNet));

        // When the stage runs
        await new EvaluateStage().RunAsync(context, CancellationToken.None);

        // Then the concept no clip has carries its name (n = 0), not concept_1
        var summary = MetricSummary.FromJson(output.Metadata["summary"]!.AsObject());
        Assert.Equal(["animal", "human", "road"], summary.Entries.Where(e => e.Metric == "concept_recall").Select(e => e.Variant));
        Assert.Equal(0, summary.Entries.Single(e => e.Variant == "human").Count);
    }

    [Fact]
    public async Task RunAsync_WhenConceptsSidecarsDisagree_FailsNamingBothShards()
    {
        // Given a second test shard of concepts whose sidecar lists another vocabulary
        await GivenMiniTestSplitAsync(new JsonObject { ["concept_clips"] = new JsonObject { ["animal"] = 2, ["human"] = 0, ["road"] = 1 } });
        await work.AddAsync(
            "concepts",
            new Shard("test2", "test"),
            new[] { new ConceptRow { ClipId = "test2_000", Concepts = ["animal"], MultiHot = [1, 0, 0] } },
            new JsonObject { ["concept_clips"] = new JsonObject { ["animal"] = 1, ["person"] = 0, ["road"] = 0 } });
        var (context, _) = work.Context(EvaluateWorkItem.DefaultParameters(work.WordNet));

        // When the stage runs / Then it refuses, naming both shards and the sidecar key
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new EvaluateStage().RunAsync(context, CancellationToken.None));
        Assert.Contains("concepts shards test1 and test2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.concept_clips", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_WhenModelFileMissing_RefusesNamingTheParameterBeforeAnythingRuns()
    {
        // Given a VideoMAE path that does not exist
        await GivenMiniTestSplitAsync();
        var parameters = EvaluateWorkItem.DefaultParameters(work.WordNet);
        parameters["videomae_model"] = Path.Combine(work.Workspace, "videomae.onnx");

        // When the parameters are checked as a run checks them / Then one line names the parameter and the file
        var ex = Assert.Throws<ConfigErrors>(() => work.Context(parameters));
        var error = Assert.Single(ex.Errors);
        Assert.Contains("stages.evaluate.videomae_model", error.Message, StringComparison.Ordinal);
        Assert.Contains("videomae.onnx does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_WhenWaysInvalid_FailsNamingTheValue()
    {
        // Given N = 1 / When the settings are built / Then a configuration error names it
        var ex = Assert.Throws<ConfigException>(() => EvaluateStage.Settings(new EvaluateOptions { Ways = ["2", "1"] }));
        Assert.Contains("'1'", ex.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
