using Neurons.Engine.Config;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Config;

public sealed class ConfigValidationTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public ConfigValidationTests()
    {
        fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n  resize:\n    type: string\n    default: squash\n    allowed: [squash, crop]\n    doc: how to resize\n");
        fixture.Stage("annotate", "version: \"1\"\ninputs: [clips]\noutputs: [annotations]\n");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Resolve_WhenStageUnknown_NamesFileAndKey()
    {
        // Given a pipeline.yaml overriding a stage that does not exist
        fixture.WritePipeline("workspace: ws\ndataset: data\nstages:\n  slcie:\n    fps: 3\n");

        // When the session is opened
        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        // Then the error is one line naming the file and key
        Assert.Equal("pipeline.yaml: stages.slcie: unknown stage 'slcie' (known: slice, annotate)", Relative(error.Message));
    }

    [Fact]
    public void Resolve_WhenParameterUnknown_NamesFileAndKey()
    {
        fixture.WritePipeline("workspace: ws\ndataset: data\nstages:\n  slice:\n    fsp: 3\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.Equal("pipeline.yaml: stages.slice.fsp: unknown parameter of stage 'slice' (known: fps, resize)", Relative(error.Message));
    }

    [Fact]
    public void Resolve_WhenTypeWrong_NamesFileKeyAndValue()
    {
        fixture.WritePipeline("workspace: ws\ndataset: data\nstages:\n  slice:\n    fps: three\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.Equal("pipeline.yaml: stages.slice.fps: expected an integer, got 'three'", Relative(error.Message));
    }

    [Fact]
    public void Resolve_WhenValueNotAllowed_ListsAllowedValues()
    {
        fixture.WritePipeline("workspace: ws\ndataset: data\nprofiles:\n  mini:\n    stages:\n      slice:\n        resize: stretch\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session("mini"));

        Assert.Equal("pipeline.yaml: profiles.mini.stages.slice.resize: 'stretch' is not allowed (allowed: squash, crop)", Relative(error.Message));
    }

    [Fact]
    public void Resolve_WhenEnvironmentOverrideHasWrongType_NamesTheVariable()
    {
        fixture.Environment["NEURONS__stages__slice__fps"] = "1.5";

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.Equal("environment: NEURONS__stages__slice__fps: expected an integer, got '1.5'", error.Message);
    }

    [Fact]
    public void Load_WhenProfileAndEnvironmentOverride_EnvironmentWinsOverProfileOverBase()
    {
        // Given a base value, a profile value and an environment value for different keys
        fixture.WritePipeline("workspace: ws\ndataset: data\nstages:\n  slice:\n    fps: 5\n    resize: crop\nprofiles:\n  mini:\n    workspace: ws-mini\n    stages:\n      slice:\n        fps: 6\n");
        fixture.Environment["NEURONS__stages__slice__resize"] = "squash";

        // When the mini profile is loaded
        var session = fixture.Session("mini");

        // Then the profile overrides the base and the environment overrides both
        Assert.Equal(6, session.Parameters["slice"].GetInt("fps"));
        Assert.Equal("squash", session.Parameters["slice"].GetString("resize"));
        Assert.Equal(Path.Combine(fixture.Root, "ws-mini"), session.Config.Workspace);
    }

    [Fact]
    public void Load_WhenAKeyIsRepeated_RefusesNamingBothLines()
    {
        // Given a pipeline.yaml that sets stages.slice twice (line 4 and line 6)
        fixture.WritePipeline("workspace: ws\ndataset: data\nstages:\n  slice:\n    fps: 3\n  slice:\n    resize: crop\n");

        // When the session is opened
        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        // Then it is refused, not merged, in one line naming the key and both lines
        Assert.Equal("pipeline.yaml: stages.slice: duplicate key on lines 4 and 6; keep one of them", Relative(error.Message));
    }

    [Fact]
    public void StageYaml_WhenAParameterIsDeclaredTwice_RefusesNamingBothLines()
    {
        // Given a stage.yaml declaring the parameter fps twice
        fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: a\n  fps:\n    type: int\n    default: 4\n    doc: b\n");
        fixture.WritePipeline("workspace: ws\ndataset: data\n");

        // When the session is opened
        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        // Then the error names the parameter and both lines (6 and 10: the fixture adds name and description)
        Assert.EndsWith("stage.yaml: params.fps: duplicate key on lines 6 and 10; keep one of them", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_WhenProfileUnknown_ListsKnownProfiles()
    {
        fixture.WritePipeline("workspace: ws\ndataset: data\nprofiles:\n  mini:\n    workspace: w\n  full:\n    workspace: f\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session("huge"));

        Assert.Equal("pipeline.yaml: profiles: unknown profile 'huge' (known: mini, full)", Relative(error.Message));
    }

    [Fact]
    public void Load_WhenTopLevelKeyUnknown_NamesIt()
    {
        fixture.WritePipeline("workspace: ws\ndataset: data\nworkers: 4\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.StartsWith("pipeline.yaml: workers: unknown key", Relative(error.Message));
    }

    [Fact]
    public void Catalog_WhenInputHasNoProducer_NamesTheStageFile()
    {
        fixture.Stage("concepts", "version: \"1\"\ninputs: [anotations]\noutputs: [concepts]\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.EndsWith(Path.Combine("stages", "concepts", "stage.yaml") + ": inputs: no stage produces table 'anotations'", error.Message);
    }

    [Fact]
    public void Catalog_WhenCycle_NamesTheCycle()
    {
        fixture.Stage("a", "version: \"1\"\ninputs: [tb]\noutputs: [ta]\n");
        fixture.Stage("b", "version: \"1\"\ninputs: [ta]\noutputs: [tb]\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.EndsWith(Path.Combine("stages", "a", "stage.yaml") + ": inputs: cycle a -> b -> a", error.Message);
    }

    [Fact]
    public void Catalog_WhenTwoStagesWriteOneTable_Refuses()
    {
        fixture.Stage("again", "version: \"1\"\noutputs: [clips]\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.EndsWith(Path.Combine("stages", "slice", "stage.yaml") + ": outputs: table 'clips' is already written by stage 'again'", error.Message);
    }

    [Fact]
    public void StageYaml_WhenParameterHasNoDoc_Refuses()
    {
        fixture.Stage("bad", "version: \"1\"\noutputs: [x]\nparams:\n  n:\n    type: int\n    default: 1\n");

        var error = Assert.Throws<ConfigException>(() => fixture.Session());

        Assert.EndsWith("params.n.doc: every parameter needs a one-line doc", error.Message);
    }

    private string Relative(string message) => message.Replace(fixture.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
}
