using System.Text.Json;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class RunJsonTests
{
    [Fact]
    public async Task RunJson_DryRunFirstRunIdleRunThenChangedParameter_SummarisesEachStageOnStdoutAlone()
    {
        // Given a mini subset of 4 segments (seg1–3, test1) of 4 TRs each
        using var project = await MiniProject.WithDatasetAsync();

        // When slice is planned with --dry-run --json, runs twice with --json, is planned again, and runs after a parameter change
        var fresh = await project.RunAsync("run", "--stage", "slice", "--dry-run", "--json");
        var freshWroteClips = Directory.Exists(Path.Combine(project.Root, "ws", "clips"));
        var first = await project.RunAsync("run", "--stage", "slice", "--json");
        var second = await project.RunAsync("run", "--stage", "slice", "--json");
        var plan = await project.RunAsync("run", "--stage", "slice", "--dry-run", "--json");
        project.WritePipeline("ws", "stages:\n  slice:\n    resize: crop");
        var changed = await project.RunAsync("run", "--stage", "slice", "--json");

        // Then the first plan lists slice's 4 work items, all to run because their outputs are missing, and wrote nothing
        Assert.Equal(0, fresh.ExitCode);
        using (var json = JsonDocument.Parse(fresh.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal((4, 4, 0, 0), (root.GetProperty("work_items").GetInt32(), root.GetProperty("would_run").GetInt32(), root.GetProperty("up_to_date").GetInt32(), root.GetProperty("blocked").GetInt32()));
            var slice = Assert.Single(root.GetProperty("stages").EnumerateArray());
            Assert.Equal(("slice", 4), (slice.GetProperty("stage").GetString(), slice.GetProperty("would_run").GetInt32()));
            Assert.Equal(["clips"], slice.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
            var items = slice.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(["slice/seg1", "slice/seg2", "slice/seg3", "slice/test1"], items.Select(i => i.GetProperty("id").GetString()));
            Assert.All(items, i => Assert.Equal(("run", "missing"), (i.GetProperty("action").GetString(), i.GetProperty("why").GetString())));
        }

        Assert.False(freshWroteClips);

        // and the first run's standard output is one JSON document: slice ran its 4 work items and wrote 4 rows each
        Assert.Equal(0, first.ExitCode);
        using (var json = JsonDocument.Parse(first.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal("succeeded", root.GetProperty("status").GetString());
            Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
            Assert.True(File.Exists(root.GetProperty("log").GetString()));
            var slice = Assert.Single(root.GetProperty("stages").EnumerateArray());
            Assert.Equal("slice", slice.GetProperty("stage").GetString());
            Assert.Equal("ran", slice.GetProperty("status").GetString());
            Assert.Equal(4, slice.GetProperty("work_items").GetProperty("ran").GetInt32());
            Assert.Equal(0, slice.GetProperty("work_items").GetProperty("up_to_date").GetInt32());
            Assert.Equal(16, slice.GetProperty("rows").GetInt64());
            Assert.Equal(["clips"], slice.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
            var items = slice.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(["seg1", "seg2", "seg3", "test1"], items.Select(i => i.GetProperty("shard").GetString()));
            Assert.All(items, i => Assert.Equal("ran", i.GetProperty("outcome").GetString()));
            Assert.All(items, i => Assert.Equal(4, i.GetProperty("rows").GetInt64()));
            var seg1 = Assert.Single(items[0].GetProperty("outputs").EnumerateArray()).GetString();
            Assert.Equal(Path.Combine(project.Root, "ws", "clips", "seg1.parquet"), seg1);
            Assert.True(File.Exists(seg1));
        }

        // and the second run did nothing: every item up to date, no rows
        Assert.Equal(0, second.ExitCode);
        using (var json = JsonDocument.Parse(second.Stdout))
        {
            var slice = Assert.Single(json.RootElement.GetProperty("stages").EnumerateArray());
            Assert.Equal("up_to_date", slice.GetProperty("status").GetString());
            Assert.Equal(0, slice.GetProperty("work_items").GetProperty("ran").GetInt32());
            Assert.Equal(4, slice.GetProperty("work_items").GetProperty("up_to_date").GetInt32());
            Assert.Equal(0, slice.GetProperty("rows").GetInt64());
        }

        // and the dry run says every item would be skipped because it is up to date
        Assert.Equal(0, plan.ExitCode);
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            Assert.Equal(0, json.RootElement.GetProperty("would_run").GetInt32());
            Assert.Equal(4, json.RootElement.GetProperty("up_to_date").GetInt32());
            var items = Assert.Single(json.RootElement.GetProperty("stages").EnumerateArray()).GetProperty("items").EnumerateArray().ToList();
            Assert.All(items, i => Assert.Equal(("skip", "up to date"), (i.GetProperty("action").GetString(), i.GetProperty("why").GetString())));
        }

        // and after a parameter changed, the next run (no longer idle) reruns every item, saying why
        Assert.Equal(0, changed.ExitCode);
        using (var json = JsonDocument.Parse(changed.Stdout))
        {
            var slice = Assert.Single(json.RootElement.GetProperty("stages").EnumerateArray());
            Assert.Equal(4, slice.GetProperty("work_items").GetProperty("ran").GetInt32());
            Assert.All(slice.GetProperty("items").EnumerateArray(), i => Assert.Contains("parameters changed: resize", i.GetProperty("message").GetString(), StringComparison.Ordinal));
        }
    }
}
