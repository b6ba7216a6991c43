using System.Text.Json.Nodes;
using Neurons.Annotation.Concepts;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Stages.ConceptText;
using Neurons.Stages.Tests.Targets;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.Tests.ConceptText;

public sealed class ConceptTextStageTests : IDisposable
{
    private readonly TargetsStageHarness harness = new();

    [Fact]
    public async Task RunAsync_WithTheFixtureTextEncoder_WritesOneGlobalRowPerConceptAtFloat16Precision()
    {
        // Given the concept_text stage on the global shard with the mini text encoder
        var fixtures = Path.Combine(TargetsStageHarness.RepositoryRoot, "stages", "targets", "fixtures");
        var concepts = Path.Combine(TargetsStageHarness.RepositoryRoot, "wordnet", "concepts.yaml");
        var values = new Dictionary<string, object>
        {
            ["clip_text_model"] = Path.Combine(fixtures, "clip_text.fixture.onnx"),
            ["clip_vocab"] = Path.Combine(fixtures, "clip_vocab.fixture.json"),
            ["clip_merges"] = Path.Combine(fixtures, "clip_merges.fixture.txt"),
            ["concepts"] = concepts,
            ["onnx_threads"] = 1L,
        };
        var output = new OutputShard("target_concepts", Path.Combine(harness.Root, "target_concepts.tmp.parquet"));
        var context = StageHarness.Context("concept_text", Shard.All, [Shard.All], values, harness.Root, harness.Workspace, new Dictionary<string, IReadOnlyList<InputShard>>(), new Dictionary<string, OutputShard> { ["target_concepts"] = output });

        // When it runs
        await new ConceptTextStage().RunAsync(context, CancellationToken.None);

        // Then the 51 concepts are rows 0..50 in the list's order, each the encoder's pooled text of the name rounded to float16
        var rows = await ParquetRows.ReadAsync<TargetConceptRow>(output.Path, CancellationToken.None);
        var catalog = ConceptCatalog.Load(concepts);
        Assert.Equal(51, output.Rows);
        Assert.Equal(catalog.Concepts.Select(c => (c.Index, c.Name)), rows.Select(r => (r.Index, r.Concept)));
        using var encoder = ClipTextEncoder.Load((string)values["clip_text_model"], ClipTokenizer.Load((string)values["clip_vocab"], (string)values["clip_merges"]), new OnnxSessionOptions { IntraOpThreads = 1 });
        var expected = encoder.Encode([catalog.Concepts[7].Name.Replace('_', ' ')])[0].Select(v => (float)(Half)v).ToList();
        Assert.Equal(16, rows[7].TextWidth);
        Assert.Equal(expected, rows[7].ClipText);

        // And the file describes clip_text as a [16] tensor at float16 precision
        var metadata = JsonNode.Parse((await ParquetRows.ReadMetadataAsync(output.Path, CancellationToken.None))[TableMetadata.Key])!;
        Assert.Equal("{\"dtype\":\"float16\",\"storage\":\"float32\",\"shape\":[16],\"axes\":[\"channel\"]}", metadata["columns"]!["clip_text"]!.ToJsonString());
    }

    public void Dispose() => harness.Dispose();
}
