using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Scheduling;

public sealed class FingerprintTests : IDisposable
{
    private const string StageHash = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string LibraryHash = "2222222222222222222222222222222222222222222222222222222222222222";
    private const string OtherHash = "3333333333333333333333333333333333333333333333333333333333333333";
    private readonly EngineFixture fixture = new("seg1", "test1");
    private readonly FakeStage slice;

    public FingerprintTests()
    {
        slice = fixture.Stage(
            "slice",
            "version: \"1\"\noutputs: [clips]\ncode: [src/Lib]\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n"
            + "  threads:\n    type: int\n    default: 1\n    doc: worker threads\n    operational: true\n"
            + "  import_file:\n    type: dataset_path\n    default: annotations/{split}.json\n    doc: per-split file under the dataset\n");
        WriteManifest(StageHash, LibraryHash, OtherHash);
        fixture.WriteFile("data/annotations/train.json", "train v1");
        fixture.WriteFile("data/annotations/test.json", "test v1");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_WhenTheStagesOwnSourceChanges_RerunsItAndSaysWhichFile()
    {
        await fixture.RunAsync();
        WriteManifest("4444444444444444444444444444444444444444444444444444444444444444", LibraryHash, OtherHash);

        var session = fixture.Session();
        var assessment = session.AssessAll(session.Items(session.Catalog.Stages, ShardSet.Everything));

        Assert.All(assessment, a => Assert.Equal(ItemState.Stale, a.State));
        Assert.All(assessment, a => Assert.Equal("code changed: stages/slice/SliceStage.cs", a.Reason));
        await fixture.RunAsync();
        Assert.Equal(4, slice.Runs);
    }

    [Fact]
    public async Task Run_WhenDeclaredLibraryCodeChanges_RerunsTheStage()
    {
        await fixture.RunAsync();
        WriteManifest(StageHash, "5555555555555555555555555555555555555555555555555555555555555555", OtherHash);

        await fixture.RunAsync();

        Assert.Equal(4, slice.Runs);
    }

    [Fact]
    public async Task Run_WhenUndeclaredCodeChanges_RerunsNothing()
    {
        await fixture.RunAsync();
        WriteManifest(StageHash, LibraryHash, "6666666666666666666666666666666666666666666666666666666666666666");

        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
    }

    [Fact]
    public async Task Run_WhenAnOperationalParameterChanges_RerunsNothing()
    {
        await fixture.RunAsync();
        fixture.Environment["NEURONS__stages__slice__threads"] = "8";

        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
        Assert.Equal(2, slice.Runs);
    }

    [Fact]
    public async Task Run_WhenADatasetPathFileChanges_RerunsOnlyTheShardsOfItsSplit()
    {
        await fixture.RunAsync();
        fixture.WriteFile("data/annotations/test.json", "test v2");

        var results = await fixture.RunAsync();

        Assert.Equal(ItemOutcome.Skipped, results.Single(r => r.Item.Shard.Name == "seg1").Outcome);
        var rerun = results.Single(r => r.Item.Shard.Name == "test1");
        Assert.Equal(ItemOutcome.Succeeded, rerun.Outcome);
        Assert.Equal("file changed: import_file", rerun.Message);
    }

    [Fact]
    public void Load_WhenADeclaredCodeFolderHoldsNoSource_RefusesNamingIt()
    {
        fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\ncode: [src/Missing]\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.Contains("code", error.Message, StringComparison.Ordinal);
        Assert.Contains("'src/Missing' holds no source file", error.Message, StringComparison.Ordinal);
    }

    private void WriteManifest(string stage, string library, string other) =>
        fixture.WriteFile(
            "stages/code-hashes.txt",
            $"src/Lib/Helper.cs {library}\nsrc/Other/Unrelated.cs {other}\nstages/slice/SliceStage.cs {stage}\n");
}
