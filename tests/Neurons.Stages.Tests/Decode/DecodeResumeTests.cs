using System.Text.Json;
using Neurons.Data.Tables;
using Neurons.Engine.Scheduling;

namespace Neurons.Stages.Tests.Decode;

/// <summary>The decode stage under the engine: a killed run keeps its committed test segments and resumes with the rest.</summary>
public sealed class DecodeResumeTests : IDisposable
{
    private readonly string model = Directory.CreateTempSubdirectory("neurons-decode-model-").FullName;
    private readonly DecodePipelineProject killed;
    private readonly DecodePipelineProject clean;

    public DecodeResumeTests()
    {
        // One model file for both projects: module initialisation draws from torch's global generator, which
        // tests running in parallel share, so two separately built models need not be identical.
        DecodeWorkItem.WriteModel(model);
        killed = new DecodePipelineProject(Path.Combine(model, DecodeWorkItem.ModelFile));
        clean = new DecodePipelineProject(Path.Combine(model, DecodeWorkItem.ModelFile));
    }

    public void Dispose()
    {
        killed.Dispose();
        clean.Dispose();
        Directory.Delete(model, recursive: true);
    }

    [Fact]
    public async Task Run_KilledInTheSecondSegment_ResumesWithoutRecomputingTheCommittedOneAndMatchesAnUninterruptedRun()
    {
        // Given a run killed after the first of test2's two clips, test1 (one clip) already committed
        using var kill = new CancellationTokenSource();
        killed.Decode.KillShard = "test2";
        killed.Decode.Kill = kill;
        var first = await killed.RunAsync(kill.Token);
        Assert.Equal(ItemOutcome.Succeeded, Outcome(first, "decode/test1"));
        Assert.Equal(ItemOutcome.Cancelled, Outcome(first, "decode/test2"));
        var store = killed.Session().Store;
        Assert.Null(store.TryRead("decoded", "test2"));
        var committedData = await File.ReadAllBytesAsync(store.DataPath("decoded", "test1"));
        var committedSidecar = await File.ReadAllBytesAsync(store.SidecarPath("decoded", "test1"));

        // When the run is started again
        killed.Decode.Kill = null;
        var resumed = await killed.RunAsync(CancellationToken.None);

        // Then only test2 is decoded again; test1's shard is neither recomputed nor rewritten
        Assert.Equal(ItemOutcome.Skipped, Outcome(resumed, "decode/test1"));
        Assert.Equal(ItemOutcome.Succeeded, Outcome(resumed, "decode/test2"));
        Assert.Equal(["test1", "test2", "test2"], killed.Decode.RanShards);
        Assert.Equal(committedData, await File.ReadAllBytesAsync(store.DataPath("decoded", "test1")));
        Assert.Equal(committedSidecar, await File.ReadAllBytesAsync(store.SidecarPath("decoded", "test1")));

        // And every row equals the row of an uninterrupted run
        var all = await clean.RunAsync(CancellationToken.None);
        Assert.All(all, r => Assert.Equal(ItemOutcome.Succeeded, r.Outcome));
        var cleanStore = clean.Session().Store;
        foreach (var shard in new[] { "test1", "test2" })
        {
            var expected = await RowsAsync(cleanStore.DataPath("decoded", shard));
            var actual = await RowsAsync(store.DataPath("decoded", shard));
            Assert.Equal(DecodePipelineProject.Segments[shard].Clips, actual.Count);
            Assert.Equal(expected, actual);
        }
    }

    private static ItemOutcome Outcome(IReadOnlyList<ItemResult> results, string id) => results.Single(r => r.Item.Id == id).Outcome;

    /// <summary>Every column of every row, as JSON text (lists and byte arrays included).</summary>
    private static async Task<List<string>> RowsAsync(string path) =>
        (await ParquetRows.ReadAsync<DecodedRow>(path, CancellationToken.None)).Select(r => JsonSerializer.Serialize(r)).ToList();
}
