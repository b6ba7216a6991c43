using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("stages:\n  slise:\n    trs: 4", "pipeline.yaml: stages.slise: unknown stage 'slise'")]
    [InlineData("stages:\n  slice:\n    fps: 4", "pipeline.yaml: stages.slice.fps: unknown parameter of stage 'slice'")]
    [InlineData("stages:\n  slice:\n    size: many", "pipeline.yaml: stages.slice.size: expected an integer, got 'many'")]
    [InlineData("stages:\n  slice:\n    resize: stretch", "pipeline.yaml: stages.slice.resize: 'stretch' is not allowed (allowed: squash, crop)")]
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

    [Fact]
    public async Task Run_WithErrorsInThreeStages_ReportsAllThreeWithTheirOriginsBeforeAnyWork()
    {
        // Given a size of 0, an endpoint that is not a URL and 0 epochs, in three stages
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws", "stages:\n  slice:\n    size: 0\n  annotate:\n    provider: ollama\n    endpoint: localhost-11434\n  train:\n    epochs: 0");

        // When the pipeline runs those stages
        var result = await project.RunAsync("run", "--stage", "slice", "--stage", "annotate", "--stage", "train");

        // Then one run names all three, each with the file and key that set it, and nothing was written
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "error: pipeline.yaml: stages.slice.size: must be between 8 and 8192, got 0",
                "error: pipeline.yaml: stages.annotate.endpoint: 'localhost-11434' is not an http(s) URL such as http://127.0.0.1:11434",
                "error: pipeline.yaml: stages.train.epochs: must be between 1 and 100000, got 0",
            ],
            result.ErrorLines);
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws")));
    }

    [Fact]
    public async Task Run_WithABadValueFromTheEnvironment_NamesTheVariable()
    {
        using var project = await MiniProject.WithDatasetAsync();

        var result = await PipelineProcess.RunAsync(project.Root, ["run", "--stage", "slice"], new Dictionary<string, string> { ["NEURONS__stages__slice__trs"] = "0" });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: environment: NEURONS__stages__slice__trs: must be between 1 and 100000, got 0", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Run_WhenASegmentMovieAndItsRunsAreMissing_NamesThemAndExitsWith2()
    {
        // Given the mini subset without seg2's movie and one of its fMRI runs
        using var project = await MiniProject.WithDatasetAsync();
        File.Delete(Path.Combine(project.Dataset, "stimuli", "seg2.mp4"));
        File.Delete(Path.Combine(project.Dataset, "subject1", "fmri", "seg2", "cifti", "seg2_2_Atlas.dtseries.nii"));

        var result = await project.RunAsync("run");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"error: pipeline.yaml: profiles.mini.dataset.path: {project.Dataset} lacks 2 file(s) that its mini.json needs: stimuli/seg2.mp4, subject1/fmri/seg2/cifti/seg2_2_Atlas.dtseries.nii; to run on part of cc2017 on purpose, list the segments under dataset.segments in pipeline.yaml",
            Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("workspace")]
    [InlineData("dataset")]
    public async Task Run_WhenTheWorkspaceOrDatasetPathIsAFile_RefusesInOneLine(string which)
    {
        using var project = await MiniProject.WithDatasetAsync();
        File.WriteAllText(Path.Combine(project.Root, "afile"), "not a folder");
        project.WritePipeline(which == "workspace" ? "afile/ws" : "ws");
        var environment = which == "dataset" ? new Dictionary<string, string> { ["NEURONS__dataset__path"] = "afile" } : [];

        var result = await PipelineProcess.RunAsync(project.Root, ["run", "--stage", "slice"], environment);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(Path.Combine(project.Root, "afile"), line, StringComparison.Ordinal);
        Assert.Contains(which == "workspace" ? "is a file; the workspace must be a folder" : "is a file; expected the cc2017 dataset folder", line, StringComparison.Ordinal);
    }
}
