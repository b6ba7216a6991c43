using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Segment;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.Tests.Segment;

/// <summary>
/// The grounded-sam provider end to end through ONNX Runtime on the checked-in fixture models (written by
/// Neurons.Testing's VisionFixtureModels.WriteGroundedSamSet; a Vision test keeps them in step): Grounding DINO
/// fires on "dog" (box cx .5, cy .5, w .25, h .5) and "ball" (.25, .75, .125, .125); SAM's decoder fills the box.
/// </summary>
public sealed class SegmentStageGroundedSamTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(Targets.TargetsStageHarness.RepositoryRoot, "tests", "Neurons.Stages.Tests", "Segment", "fixtures");
    private readonly SegmentStageHarness harness = new();

    [Fact]
    public async Task RunAsync_WhenProviderIsGroundedSam_StoresBoxAndMaskPerFoundObjectAndFrame()
    {
        // Given a clip annotated with dog, ball and car (car is never detected), a clip whose only row failed,
        // and frames [0, 3]
        var clips = new[] { SegmentStageHarness.Clip("seg1", 0, 0), SegmentStageHarness.Clip("seg1", 1, 1) };
        var annotations = new[]
        {
            new AnnotationRow { ClipId = "seg1_000", Frame = 2, Objects = ["dog", "ball"] },
            new AnnotationRow { ClipId = "seg1_000", Frame = 3, Objects = ["car", "dog"] },
            new AnnotationRow { ClipId = "seg1_001", Frame = 2, Objects = ["dog"], Status = "failed" },
        };
        var (context, masks) = await harness.ContextAsync(clips, annotations, Parameters(new() { ["frames"] = new List<object> { "0", "3" } }));
        var stage = new SegmentStage();

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then dog and ball are stored on both frames with the fixture boxes and box-shaped masks
        var rows = await ParquetRows.ReadAsync<MaskRow>(masks.Path, CancellationToken.None);
        Assert.Equal(
            [("seg1_000", 0, "dog"), ("seg1_000", 0, "ball"), ("seg1_000", 3, "dog"), ("seg1_000", 3, "ball")],
            rows.Select(r => (r.ClipId, r.Frame, r.Object)));
        Assert.Equal([84f, 56f, 140f, 168f], rows[0].Box);
        Assert.Equal([42f, 154f, 70f, 182f], rows[1].Box);
        Assert.Equal(1f / (1f + MathF.Exp(-3f)), rows[0].Score, 5);
        var dog = rows[0].DecodeMask();
        Assert.Equal(56 * 112, dog.Count(b => b));
        Assert.True(dog[(56 * 224) + 84]);
        Assert.False(dog[(56 * 224) + 140]);
        Assert.All(rows, r => Assert.Equal(("grounded-sam", 224, 224), (r.Source, r.Width, r.Height)));

        // And the SAM encoder ran once per frame, the decoder once per object
        Assert.Equal(2L, (long)masks.Metadata["encoder_runs"]!);
        Assert.Equal(4L, (long)masks.Metadata["decoder_runs"]!);
        Assert.Equal(2L, (long)masks.Metadata["detector_runs"]!);
    }

    [Fact]
    public async Task Validation_WhenAModelFileIsMissing_RefusesWithOneLineNamingIt()
    {
        // Given a SAM decoder path that does not exist
        var missing = Path.Combine(harness.Root, "absent_decoder.onnx");

        // When the parameters are checked as a run checks them / Then one line names the parameter and the file
        var ex = await Assert.ThrowsAsync<ConfigErrors>(() => harness.ContextAsync(
            [SegmentStageHarness.Clip("seg1", 0, 0)],
            [new AnnotationRow { ClipId = "seg1_000", Objects = ["dog"] }],
            Parameters(new() { ["sam_decoder"] = missing })));
        var error = Assert.Single(ex.Errors);
        Assert.Equal($"stages/segment/stage.yaml: stages.segment.sam_decoder: {missing} does not exist (see docs/models.md for what to supply)", error.Message);
    }

    public void Dispose() => harness.Dispose();

    private static Dictionary<string, object> Parameters(Dictionary<string, object> overrides)
    {
        var values = new Dictionary<string, object>
        {
            ["provider"] = "grounded-sam",
            ["grounding_dino_model"] = Path.GetFullPath(Path.Combine(Fixtures, "gdino.fixture.onnx")),
            ["bert_vocab"] = Path.GetFullPath(Path.Combine(Fixtures, "vocab.txt")),
            ["sam_encoder"] = Path.GetFullPath(Path.Combine(Fixtures, "sam_encoder.fixture.onnx")),
            ["sam_decoder"] = Path.GetFullPath(Path.Combine(Fixtures, "sam_decoder.fixture.onnx")),
            ["short_side"] = 224L,
            ["onnx_threads"] = 1L,
        };
        foreach (var (k, v) in overrides)
        {
            values[k] = v;
        }

        return values;
    }
}
