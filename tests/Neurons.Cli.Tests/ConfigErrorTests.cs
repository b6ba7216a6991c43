using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("stages:\n  slise:\n    trs: 4", "pipeline.yaml: stages.slise: unknown stage 'slise'")]
    [InlineData("stages:\n  slice:\n    fps: 4", "pipeline.yaml: stages.slice.fps: unknown parameter of stage 'slice'")]
    [InlineData("stages:\n  slice:\n    size: many", "pipeline.yaml: stages.slice.size: expected an integer, got 'many'")]
    [InlineData("stages:\n  slice:\n    resize: stretch", "pipeline.yaml: stages.slice.resize: 'stretch' is not allowed (allowed: squash, crop)")]
    [InlineData("run:\n  max_parallel: 1", "pipeline.yaml: run: duplicate key on lines 2 and 16; keep one of them")]
    public async Task Run_WithABadPipelineYaml_ExitsWith2AndOneLineNamingFileAndKey(string extra, string expected)
    {
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws", extra);

        var result = await project.RunAsync("run");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + expected, Assert.Single(result.ErrorLines));
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws")));
    }

    [Fact]
    public async Task Run_WhenTheDatasetPathIsMissing_NamesTheKey()
    {
        using var project = new MiniProject();

        var result = await project.RunAsync("run", "--profile", "full");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: pipeline.yaml: profiles.full.dataset.path: /nonexistent/cc2017 has no stimuli/ folder; expected the cc2017 layout (stimuli/seg1.mp4 ..., subject1/fmri/...)", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData(new[] { "run", "--profile", "huge" }, "error: pipeline.yaml: profiles: unknown profile 'huge' (known: mini, full)")]
    [InlineData(new[] { "run", "--stage", "slise" }, "error: command line: --stage: unknown stage 'slise'")]
    [InlineData(new[] { "run", "--shard", "3/2" }, "error: command line: --shard: expected k/N with 1 <= k <= N, got '3/2'")]
    [InlineData(new[] { "run", "--config", "missing.yaml" }, "error: missing.yaml: (file): configuration file not found (pass --config PATH)")]
    [InlineData(new[] { "run", "--no-such-option" }, "error: Unrecognized command or argument '--no-such-option'.")]
    public async Task Run_WithABadCommandLine_ExitsWith2(string[] args, string expected)
    {
        using var project = await MiniProject.WithDatasetAsync();

        var result = await project.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.ErrorLines[0]);
    }
}
