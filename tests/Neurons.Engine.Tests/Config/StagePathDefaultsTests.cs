using Neurons.Engine.Config;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Config;

public sealed class StagePathDefaultsTests : IDisposable
{
    private const string StageYaml = "name: segment\nversion: \"1\"\ndescription: d\noutputs: [masks]\nparams:\n  model:\n    type: path\n    default: ../../models/sam.onnx\n    doc: the model\n";

    private readonly TempDirectory root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Load_WhenTheBuildRecordedTheSourceStages_ResolvesPathDefaultsAgainstTheRepository()
    {
        // Given the stage.yaml copied into a build output, which recorded where the repository's stages folder is
        var repository = Path.Combine(root.Path, "repo");
        var output = Path.Combine(repository, "src", "Cli", "bin", "stages");
        Write(Path.Combine(repository, "stages", "segment", "stage.yaml"), StageYaml);
        Write(Path.Combine(output, "segment", "stage.yaml"), StageYaml);
        Write(Path.Combine(output, "source-stages.txt"), Path.Combine(repository, "stages") + "\n");

        // When the catalog is loaded from the build output
        var catalog = StageCatalog.Load(output);

        // Then ../../models/ names the repository's models folder, where docs/models.md tells users to put them
        Assert.True(catalog.TryGet("segment", out var stage));
        Assert.Equal(Path.Combine(repository, "models", "sam.onnx"), stage.Parameters.Single().Default);
    }

    [Fact]
    public void Load_WithoutARecordedSource_ResolvesPathDefaultsAgainstTheStageFolder()
    {
        var output = Path.Combine(root.Path, "out", "stages");
        Write(Path.Combine(output, "segment", "stage.yaml"), StageYaml);

        var catalog = StageCatalog.Load(output);

        Assert.True(catalog.TryGet("segment", out var stage));
        Assert.Equal(Path.Combine(root.Path, "out", "models", "sam.onnx"), stage.Parameters.Single().Default);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
