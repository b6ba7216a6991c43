using System.Text.Json;
using Neurons.Cli.Tests.Support;
using Neurons.Testing.Python;

namespace Neurons.Cli.Tests;

public sealed class StagesCommandTests : IDisposable
{
    private readonly string empty = Directory.CreateTempSubdirectory("neurons-stages-").FullName;

    public void Dispose() => Directory.Delete(empty, recursive: true);

    [Fact]
    public async Task Stages_WithJsonOnTheRepositoryMiniProfile_ReportsEffectiveValuesDefaultsAndOrigins()
    {
        var repository = ExportScriptGraphs.RepositoryRoot;
        var config = Path.Combine(repository, "pipeline.yaml");

        var result = await PipelineProcess.RunAsync(empty, "stages", "--json", "--config", config, "--profile", "mini");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("mini", json.RootElement.GetProperty("profile").GetString());
        Assert.Equal(config, json.RootElement.GetProperty("config").GetString());
        var trs = Parameter(json, "slice", "trs");
        Assert.Equal((24, 240), (trs.GetProperty("value").GetInt32(), trs.GetProperty("default").GetInt32()));
        Assert.EndsWith("pipeline.yaml: profiles.mini.stages.slice.trs", trs.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal("int", trs.GetProperty("type").GetString());
        var size = Parameter(json, "slice", "size");
        Assert.Equal((224, "stages/slice/stage.yaml: params.size.default"), (size.GetProperty("value").GetInt32(), size.GetProperty("from").GetString()));
        Assert.True(Parameter(json, "slice", "row_group").GetProperty("operational").GetBoolean());
        Assert.Equal("import", Parameter(json, "annotate", "provider").GetProperty("value").GetString());
        Assert.Equal(0.001, Parameter(json, "fmri_mask", "p_threshold").GetProperty("value").GetDouble());
        Assert.Equal(
            Path.Combine(repository, "stages", "targets", "fixtures", "clip_image.fixture.onnx"),
            Parameter(json, "targets", "clip_image_model").GetProperty("value").GetString());
        var slice = Stage(json, "slice");
        Assert.Equal(["clips"], slice.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["stimuli/{shard}.mp4"], slice.GetProperty("sources").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Stages_WithJsonAndAnEnvironmentOverride_ReportsItAsRunWouldApplyIt()
    {
        var config = Path.Combine(ExportScriptGraphs.RepositoryRoot, "pipeline.yaml");

        var result = await PipelineProcess.RunAsync(empty, ["stages", "--json", "--config", config], new Dictionary<string, string> { ["NEURONS__stages__slice__trs"] = "12" });

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var trs = Parameter(json, "slice", "trs");
        Assert.Equal(12, trs.GetProperty("value").GetInt32());
        Assert.StartsWith("environment: NEURONS__stages__slice__trs", trs.GetProperty("from").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stages_WithJsonAndNoConfigurationFile_ReportsTheStageYamlDefaults()
    {
        var result = await PipelineProcess.RunAsync(empty, "stages", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("config").ValueKind);
        Assert.Equal(240, Parameter(json, "slice", "trs").GetProperty("value").GetInt32());
        Assert.Equal("squash", Parameter(json, "slice", "resize").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Stages_WithJsonAndANamedConfigurationThatIsMissing_FailsWithExitCode2()
    {
        var result = await PipelineProcess.RunAsync(empty, "stages", "--json", "--config", "absent.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.yaml", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private static JsonElement Stage(JsonDocument json, string name) =>
        json.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    private static JsonElement Parameter(JsonDocument json, string stage, string name) =>
        Stage(json, stage).GetProperty("parameters").GetProperty(name);
}
