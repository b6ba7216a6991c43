using Neurons.Engine.Config;

namespace Neurons.Engine.Tests.Config;

public sealed class OptionalInputsTests
{
    [Fact]
    public void Create_WhenOptionalInputIsProduced_MakesItAnInputAndOrdersTheProducerFirst()
    {
        var report = Definition("report", inputs: ["clips"], optional: ["decoded", "generated"], outputs: ["report"]);
        var catalog = StageCatalog.Create([report, Definition("slice", [], [], ["clips"]), Definition("decode", ["clips"], [], ["decoded"])]);

        Assert.True(catalog.TryGet("report", out var resolved));
        Assert.Equal(["clips", "decoded"], resolved.Inputs);
        Assert.Empty(resolved.OptionalInputs);
        Assert.Equal(["slice", "decode", "report"], catalog.Stages.Select(s => s.Name));
        Assert.Equal(["report"], catalog.Downstream(catalog.Stages[1]).Select(s => s.Name));
    }

    [Fact]
    public void Create_WhenNoStageProducesAnOptionalInput_DropsIt()
    {
        var report = Definition("report", inputs: ["clips"], optional: ["decoded"], outputs: ["report"]);
        var catalog = StageCatalog.Create([report, Definition("slice", [], [], ["clips"])]);

        Assert.True(catalog.TryGet("report", out var resolved));
        Assert.Equal(["clips"], resolved.Inputs);
    }

    [Fact]
    public void Load_WhenStageYamlHasOptionalInputs_ReadsThem()
    {
        var folder = Path.Combine(Path.GetTempPath(), "neurons-optional-" + Guid.NewGuid().ToString("N"), "report");
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "stage.yaml");
            File.WriteAllText(file, "name: report\nversion: \"1\"\ndescription: d\ninputs: [clips]\noptional_inputs: [decoded, generated]\noutputs: [report]\n");

            var definition = StageDefinitionLoader.Load(file);

            Assert.Equal(["decoded", "generated"], definition.OptionalInputs);
            Assert.Equal(["clips"], definition.Inputs);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static StageDefinition Definition(string name, string[] inputs, string[] optional, string[] outputs) => new()
    {
        Name = name,
        Version = "1",
        Description = name,
        Scope = StageScope.Global,
        Inputs = inputs,
        OptionalInputs = optional,
        Outputs = outputs,
        File = $"stages/{name}/stage.yaml",
    };
}
