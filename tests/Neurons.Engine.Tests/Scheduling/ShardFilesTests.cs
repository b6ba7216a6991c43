using System.Security.Cryptography;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Scheduling;

public sealed class ShardFilesTests : IDisposable
{
    private readonly EngineFixture fixture = new("seg1");
    private readonly FakeStage render;

    public ShardFilesTests()
    {
        render = fixture.Stage("render", "version: \"1\"\noutputs: [gallery]\nparams:\n  label:\n    type: string\n    default: a\n    doc: text written into the files\n");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_WhenAStageWritesFiles_CommitsThemWithTheShardAndListsTheirHashes()
    {
        render.Before = WriteFiles;

        await fixture.RunAsync();

        var store = fixture.Session().Store;
        var sidecar = store.TryRead("gallery", "seg1")!;
        Assert.Equal(["clip_000/frame0.png", "index.html"], sidecar.Files.Select(f => f.Path));
        var html = Path.Combine(store.FilesPath("gallery", "seg1"), "index.html");
        Assert.Equal("<p>a</p>", File.ReadAllText(html));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(html))), sidecar.Files[1].Sha256);
        Assert.Equal(8, sidecar.Files[1].Bytes);
        Assert.True(store.Verify("gallery", "seg1"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "gallery", ".tmp")));
    }

    [Fact]
    public async Task Assess_WhenDownstreamReadsTheShard_SeesTheCommittedFiles()
    {
        render.Before = WriteFiles;
        var view = fixture.Stage("view", "version: \"1\"\ninputs: [gallery]\noutputs: [views]\n");
        string? seen = null;
        view.Before = (context, _) =>
        {
            var input = context.SingleInput("gallery");
            seen = File.ReadAllText(input.File("index.html"));
            Assert.Throws<InvalidOperationException>(() => input.File("missing.html"));
            return Task.CompletedTask;
        };

        await fixture.RunAsync();

        Assert.Equal("<p>a</p>", seen);
    }

    [Fact]
    public async Task Run_WhenRerunWithOtherFiles_ReplacesTheWholeFolder()
    {
        render.Before = WriteFiles;
        await fixture.RunAsync();
        render.Before = (context, _) =>
        {
            File.WriteAllText(Path.Combine(context.Output("gallery").FilesDirectory, "index.html"), "<p>b</p>");
            return Task.CompletedTask;
        };
        fixture.Environment["NEURONS__stages__render__label"] = "b";

        await fixture.RunAsync();

        var store = fixture.Session().Store;
        Assert.Equal(["index.html"], store.TryRead("gallery", "seg1")!.Files.Select(f => f.Path));
        Assert.False(Directory.Exists(Path.Combine(store.FilesPath("gallery", "seg1"), "clip_000")));
    }

    [Fact]
    public async Task TryRead_WhenACommittedFileIsMissing_TreatsTheShardAsAbsentAndRerunsIt()
    {
        render.Before = WriteFiles;
        await fixture.RunAsync();
        var store = fixture.Session().Store;
        File.Delete(Path.Combine(store.FilesPath("gallery", "seg1"), "index.html"));

        Assert.Null(store.TryRead("gallery", "seg1"));
        var results = await fixture.RunAsync();
        Assert.Equal(ItemOutcome.Succeeded, results.Single().Outcome);
        Assert.NotNull(store.TryRead("gallery", "seg1"));
    }

    [Fact]
    public async Task Run_WhenTheStageFailsAfterWritingFiles_CommitsNothingAndLeavesNoTemporaryFolder()
    {
        render.Before = async (context, token) =>
        {
            await WriteFiles(context, token);
            throw new InvalidOperationException("renderer crashed");
        };

        var results = await fixture.RunAsync();

        Assert.Equal(ItemOutcome.Failed, results.Single().Outcome);
        var store = fixture.Session().Store;
        Assert.Null(store.TryRead("gallery", "seg1"));
        Assert.False(Directory.Exists(store.FilesPath("gallery", "seg1")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "gallery", ".tmp")));
    }

    [Fact]
    public async Task Run_WhenAKilledRunLeftATemporaryFilesFolder_RemovesItAtStart()
    {
        render.Before = WriteFiles;
        await fixture.RunAsync();
        var store = fixture.Session().Store;
        var leftover = Path.Combine(store.Root, "gallery", ".tmp", DeadProcess.TempName("seg1.files"));
        Directory.CreateDirectory(Path.Combine(leftover, "clip_000"));
        File.WriteAllText(Path.Combine(leftover, "clip_000", "frame0.png"), "half");

        await fixture.RunAsync();

        Assert.False(Directory.Exists(leftover));
        Assert.NotNull(store.TryRead("gallery", "seg1"));
    }

    private static async Task WriteFiles(Neurons.Engine.Stages.StageContext context, CancellationToken token)
    {
        var folder = context.Output("gallery").FilesDirectory;
        Directory.CreateDirectory(Path.Combine(folder, "clip_000"));
        await File.WriteAllTextAsync(Path.Combine(folder, "clip_000", "frame0.png"), "png bytes", token);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), $"<p>{context.Parameters.ToJson()["label"]}</p>", token);
    }
}
