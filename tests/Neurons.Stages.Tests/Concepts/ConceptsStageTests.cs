using Neurons.Annotation.Concepts;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Concepts;
using Neurons.Testing.Vlm;

namespace Neurons.Stages.Tests.Concepts;

public sealed class ConceptsStageTests : IDisposable
{
    private readonly StageWorkItem work = new();

    public void Dispose() => work.Dispose();

    public static Dictionary<string, object> Defaults() => new()
    {
        ["senses"] = 1L,
        ["concepts_file"] = ConceptCatalog.BuiltInPath,
        ["top_unmapped"] = 20L,
    };

    [Fact]
    public async Task Run_WritesConceptsMultiHotAndUnmappedPerClip()
    {
        // Given an annotations shard: a clip with dog and ball; a clip annotated on two frames
        // (men + an unknown name, then car); a clip whose annotation failed
        AnnotationRow[] annotations =
        [
            new() { ClipId = "seg1_000", Frame = 2, Objects = ["dog", "ball"] },
            new() { ClipId = "seg1_001", Frame = 0, Objects = ["men", "blorfs"] },
            new() { ClipId = "seg1_001", Frame = 2, Objects = ["car", "Men"] },
            new() { ClipId = "seg1_002", Frame = 2, Status = "failed", Error = "timeout" },
        ];
        await ParquetRows.WriteAsync(work.InputPath("annotations"), annotations, CancellationToken.None);
        var context = work.Context("concepts", Defaults(), "annotations", annotations.Length, "concepts");

        // When the stage runs
        await StageLifecycle.RunAsync(new ConceptsStage(), context, CancellationToken.None);

        // Then one row per clip holds its concepts, 51-long vector and unmapped names
        var output = context.Output("concepts");
        var rows = await ParquetRows.ReadAsync<ConceptRow>(output.Path, CancellationToken.None);
        Assert.Equal(["seg1_000", "seg1_001", "seg1_002"], rows.Select(r => r.ClipId));
        Assert.Equal(["animal", "mammal", "sports equipment"], rows[0].Concepts);
        Assert.Equal(51, rows[0].MultiHot.Count);
        Assert.Equal([0, 22, 24], Enumerable.Range(0, 51).Where(i => rows[0].MultiHot[i] == 1));
        Assert.Equal(["men", "blorfs", "car"], rows[1].Objects);
        Assert.Equal(["human", "vehicle"], rows[1].Concepts);
        Assert.Equal(["blorfs"], rows[1].Unmapped);
        Assert.Equal("dog: animal, mammal [wordnet dog.n.01]", rows[0].Mappings[0]);
        Assert.Equal("failed", rows[2].Status);
        Assert.Equal(0, rows[2].MultiHot.Sum());
        Assert.Equal(51, rows[2].MultiHot.Count);

        // And the sidecar summarises frequencies and unmapped names
        Assert.Equal(3, output.Rows);
        Assert.Equal(2, output.Metadata["clips"]!.GetValue<int>());
        Assert.Equal(1, output.Metadata["clips_failed"]!.GetValue<int>());
        Assert.Equal(5, output.Metadata["objects"]!.GetValue<int>());
        Assert.Equal(0.8, output.Metadata["mapped_fraction"]!.GetValue<double>());
        Assert.Equal(1, output.Metadata["concept_clips"]!["human"]!.GetValue<int>());
        Assert.Equal(0, output.Metadata["concept_clips"]!["fish"]!.GetValue<int>());
        Assert.Equal("blorfs", output.Metadata["unmapped_top"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WithVlmFallback_AsksOnlyForUnplacedNamesAndMarksThemVlm()
    {
        // Given a loopback VLM that files "blorfs" under toy, and a clip with dog, blorfs and a caption
        using var server = new LoopbackVlmServer(r => new ServerAction.Reply(
            r.UserText.Contains("blorfs", StringComparison.Ordinal) ? """{"concepts":["toy"]}""" : """{"concepts":[]}"""));
        AnnotationRow[] annotations = [new() { ClipId = "seg1_000", Frame = 2, Caption = "a dog chews a blorfs", Objects = ["dog", "blorfs"] }];
        await ParquetRows.WriteAsync(work.InputPath("annotations"), annotations, CancellationToken.None);
        var parameters = Defaults();
        parameters["vlm_fallback"] = true;
        parameters["endpoint"] = server.Url;
        parameters["prompts"] = string.Empty;
        parameters["retries"] = 0L;
        var context = work.Context("concepts", parameters, "annotations", annotations.Length, "concepts");

        // When the stage runs
        var stage = new ConceptsStage();
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then only the unplaced name was asked, text only, and the row records each object's sense, reason and source
        Assert.Single(server.Requests);
        Assert.False(server.Requests[0].HasImage);
        var row = (await ParquetRows.ReadAsync<ConceptRow>(context.Output("concepts").Path, CancellationToken.None))[0];
        Assert.Equal(["animal", "mammal", "toy"], row.Concepts);
        Assert.Empty(row.Unmapped);
        Assert.Equal(["wordnet", "vlm"], row.Sources);
        Assert.Equal(["dog.n.01", string.Empty], row.Senses);
        Assert.Equal("lemma dog; dog.n.01, its most frequent sense", row.Reasons[0]);
        Assert.Equal("blorfs: toy [vlm]", row.Mappings[1]);

        // And the sidecar counts the fallback
        var metadata = context.Output("concepts").Metadata;
        Assert.Equal((1, 1, 0, 1), (metadata["fallback_names"]!.GetValue<int>(), metadata["fallback_answered"]!.GetValue<int>(), metadata["fallback_refused"]!.GetValue<int>(), metadata["fallback_requests"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Run_WhenConceptsFileDoesNotList51Concepts_FailsNamingTheFile()
    {
        // Given a concept list with a single concept
        var file = Path.Combine(work.Workspace, "concepts.yaml");
        await File.WriteAllTextAsync(file, "concepts:\n  - name: animal\n    anchors: [animal.n.01]\n");
        await ParquetRows.WriteAsync(work.InputPath("annotations"), new[] { new AnnotationRow { ClipId = "seg1_000", Objects = ["dog"] } }, CancellationToken.None);
        var parameters = Defaults();
        parameters["concepts_file"] = file;
        var context = work.Context("concepts", parameters, "annotations", 1, "concepts");

        // When the stage runs
        var error = await Assert.ThrowsAsync<FormatException>(() => StageLifecycle.RunAsync(new ConceptsStage(), context, CancellationToken.None));

        // Then the message names the file and the count
        Assert.Equal($"{file}: 1 concepts, the NEURONS classifier needs 51", error.Message);
    }

    [Fact]
    public async Task Run_WhenSensesOutOfRange_IsAConfigurationError()
    {
        var parameters = Defaults();
        parameters["senses"] = 7L;
        var context = work.Context("concepts", parameters, "annotations", 0, "concepts");
        var error = await Assert.ThrowsAsync<ConfigException>(() => StageLifecycle.RunAsync(new ConceptsStage(), context, CancellationToken.None));
        Assert.Contains("stages.concepts.senses", error.Message, StringComparison.Ordinal);
    }
}
