using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Decode;

/// <summary>Stands in for <c>train_decoupler</c> in an engine run of <c>decode</c>: commits a given stage-2 model file as subject 1's, with its shard.</summary>
/// <param name="modelFile">The model file to commit.</param>
internal sealed class DecodeModelStage(string modelFile) : IStage
{
    public const string StageName = "decode_model";

    public const string Yaml = """
        name: decode_model
        version: 1
        description: test stand-in for train_decoupler
        scope: global
        outputs: [decoupler_training]
        """;

    public string Name => StageName;

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var output = context.Output("decoupler_training");
        var target = Path.Combine(output.FilesDirectory, DecodeWorkItem.ModelFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(modelFile, target);
        output.Metadata["models"] = DecodeWorkItem.ModelMetadata()["models"]!.DeepClone();
        output.Rows = 1;
        await File.WriteAllTextAsync(output.Path, "tiny stage-2 model of subject 1", cancellationToken);
    }
}
