using Neurons.Annotation.Vlm;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Stages.Annotate;

namespace Neurons.Stages.Tests.Annotate;

public sealed class AnnotateStageTests
{
    [Fact]
    public async Task Run_WithImport_FillsAnnotationsFromTheReleaseFileWithoutAServer()
    {
        // Given a train shard of 4 clips at split positions 10..13 and a release file covering 10..12
        using var item = new AnnotateWorkItem(4, firstSplitIndex: 10);
        Directory.CreateDirectory(Path.Combine(item.Dataset, "annotations"));
        await File.WriteAllTextAsync(Path.Combine(item.Dataset, "annotations", "qwen_train_caption_tag.json"), """
            [{"idx":10,"caption":"a dog chasing a ball","tags":["dog","ball"]},
             {"idx":11,"caption":"a man on a road","tags":["man","road"]},
             {"idx":12,"caption":"a fish in water","tags":["fish","water"]}]
            """);
        var (context, output) = item.Context(new Dictionary<string, object> { ["provider"] = "import", ["failure_threshold"] = 0.5 });
        var stage = new AnnotateStage();

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then the imported rows are written, the clip without an entry is a failed row, and the sidecar counts them
        var rows = await ParquetRows.ReadAsync<AnnotationRow>(output.Path, CancellationToken.None);
        Assert.Equal(4, output.Rows);
        Assert.Equal(["seg1_000", "seg1_001", "seg1_002", "seg1_003"], rows.Select(r => r.ClipId));
        Assert.Equal(("a dog chasing a ball", "ok", 2), (rows[0].Caption, rows[0].Status, rows[0].Frame));
        Assert.Equal(["dog", "ball"], rows[0].Objects);
        Assert.Equal("import", rows[0].Model);
        Assert.Equal(("failed", string.Empty), (rows[3].Status, rows[3].Caption));
        Assert.EndsWith("has no entry with idx 13", rows[3].Error, StringComparison.Ordinal);
        Assert.Equal((3, 1, 0, true), ((int)output.Metadata["ok"]!, (int)output.Metadata["failed"]!, (int)output.Metadata["requests"]!, (bool)output.Metadata["retry_failed"]!));
    }

    [Fact]
    public async Task Run_WithImport_WhenFileMissing_ThrowsNamingTheFile()
    {
        // Given a dataset without annotations
        using var item = new AnnotateWorkItem(1);
        var (context, _) = item.Context(new Dictionary<string, object> { ["provider"] = "import" });
        var stage = new AnnotateStage();

        // When the stage runs
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));

        // Then the one-line error names the expected file
        Assert.StartsWith(Path.Combine(item.Dataset, "annotations", "qwen_train_caption_tag.json") + ": cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithOllama_WritesEveryRow_AndARerunSendsNoRequest()
    {
        // Given a shard of 5 clips and an Ollama stand-in
        using var item = new AnnotateWorkItem(5);
        using var server = new OllamaStandIn();
        var overrides = new Dictionary<string, object> { ["endpoint"] = server.Url, ["retry_delay_s"] = 0.001 };
        var stage = new AnnotateStage();

        // When the stage runs twice on the same workspace
        var (first, firstOutput) = item.Context(overrides);
        await StageLifecycle.RunAsync(stage, first, CancellationToken.None);
        var sentFirst = server.Requests.Count;
        var (second, secondOutput) = item.Context(overrides);
        await StageLifecycle.RunAsync(stage, second, CancellationToken.None);

        // Then the first run asks caption and objects per clip and writes ok rows with model and prompt hash
        var rows = await ParquetRows.ReadAsync<AnnotationRow>(firstOutput.Path, CancellationToken.None);
        Assert.Equal(10, sentFirst);
        Assert.All(rows, r => Assert.Equal(("ok", "a dog on a road", "qwen2.5vl:7b", 2), (r.Status, r.Caption, r.Model, r.Frame)));
        Assert.All(rows, r => Assert.Equal(["dog", "road"], r.Objects));
        Assert.Matches("^[0-9a-f]{64}$", rows[0].PromptHash);

        // And the second run is served from the reply cache under <workspace>/.cache/annotate: no request
        Assert.Equal(10, server.Requests.Count);
        Assert.Equal((0, 10), ((int)secondOutput.Metadata["requests"]!, (int)secondOutput.Metadata["cache_hits"]!));
        Assert.True(Directory.Exists(Path.Combine(item.Workspace, ".cache", "annotate", "vlm-replies")));
        var again = await ParquetRows.ReadAsync<AnnotationRow>(secondOutput.Path, CancellationToken.None);
        Assert.Equal(rows.Select(r => (r.ClipId, r.Caption, r.PromptHash)), again.Select(r => (r.ClipId, r.Caption, r.PromptHash)));
    }

    [Fact]
    public async Task Run_WhenFailuresExceedThreshold_FailsWithOneLine_AndTheRerunAsksOnlyForTheFailedClips()
    {
        // Given 5 clips of which clips 1 and 3 always get schema-violating object replies, and a 20 % threshold
        using var item = new AnnotateWorkItem(5);
        using var server = new OllamaStandIn { Refused = [item.ImageOf(1), item.ImageOf(3)] };
        var overrides = new Dictionary<string, object> { ["endpoint"] = server.Url, ["retry_delay_s"] = 0.001, ["failure_threshold"] = 0.2 };
        var stage = new AnnotateStage();

        // When the stage runs
        var (context, _) = item.Context(overrides);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));

        // Then it fails with one line naming the shard, the counts, the threshold and the first failure
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("annotations seg1: 2 of 5 rows failed (40.0 % > failure_threshold 20.0 %); first: seg1_001 frame 2: objects: reply invalid after 3 attempts: violates the schema: $.objects: expected array", error.Message, StringComparison.Ordinal);
        Assert.Equal(5 + 3 + (3 * 2), server.Requests.Count);

        // When the server is fixed and the stage runs again
        server.Refused = [];
        var (rerun, output) = item.Context(overrides);
        await StageLifecycle.RunAsync(stage, rerun, CancellationToken.None);

        // Then only the two failed clips' object prompts are asked and every row is ok
        var asked = server.Requests.Skip(5 + 3 + 6).ToList();
        Assert.Equal(
            new[] { (item.ImageOf(1), false), (item.ImageOf(3), false) }.Order(),
            asked.Order());
        var rows = await ParquetRows.ReadAsync<AnnotationRow>(output.Path, CancellationToken.None);
        Assert.All(rows, r => Assert.Equal("ok", r.Status));
        Assert.Equal((5, 0, false), ((int)output.Metadata["ok"]!, (int)output.Metadata["failed"]!, (bool)output.Metadata["retry_failed"]!));
    }

    [Fact]
    public async Task Run_WhenTheEndpointRefusesConnections_FailsTheStageWithinSecondsNamingUrlAndCause()
    {
        // Given 12 clips and an endpoint whose port nobody listens on; every resilience parameter at its default
        using var item = new AnnotateWorkItem(12);
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        var stage = new AnnotateStage();
        var (context, output) = item.Context(new Dictionary<string, object> { ["endpoint"] = url });

        // When the stage runs
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<VlmEndpointException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));
        var seconds = watch.Elapsed.TotalSeconds;

        // Then it fails as a whole, in one line naming the URL and the cause, in under 10 s, writing nothing
        Assert.StartsWith($"VLM endpoint {url} is unreachable: connection failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(seconds < 10, $"the stage took {seconds:F1} s to fail");
        Assert.False(File.Exists(output.Path));
    }

    [Fact]
    public async Task Run_WhenPromptsFolderMissing_ThrowsNamingIt()
    {
        // Given a prompts parameter pointing nowhere
        using var item = new AnnotateWorkItem(1);
        var missing = Path.Combine(item.Root, "no-prompts");
        var (context, _) = item.Context(new Dictionary<string, object> { ["prompts"] = missing });
        var stage = new AnnotateStage();

        // When the stage runs
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));

        // Then the message names the folder and what it must hold
        Assert.StartsWith($"{missing}: prompts folder not found", error.Message, StringComparison.Ordinal);
    }
}
