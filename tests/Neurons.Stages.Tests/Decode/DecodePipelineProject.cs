using System.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Stages.Decode;
using Neurons.Stages.Tests.Mini;
using Neurons.Testing.Onnx;

namespace Neurons.Stages.Tests.Decode;

/// <summary>
/// A throwaway project for running the real <c>decode</c> stage (the repository's <c>stages/decode/stage.yaml</c>)
/// through the engine's <see cref="DagRunner"/>: two test segments (test1 with one clip, test2 with two), stand-in
/// upstream stages for its inputs, and a pipeline.yaml decoding one clip per batch without files.
/// </summary>
internal sealed class DecodePipelineProject : IDisposable
{
    private readonly string modelFile;

    public static readonly IReadOnlyDictionary<string, (int FirstSplitIndex, int Clips)> Segments =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal) { ["test1"] = (0, 1), ["test2"] = (1, 2) };

    /// <param name="modelFile">The stage-2 model file the stand-in train_decoupler commits.</param>
    public DecodePipelineProject(string modelFile)
    {
        Root = Directory.CreateTempSubdirectory("neurons-decode-engine-").FullName;
        var stages = Path.Combine(Root, "stages");
        Directory.CreateDirectory(Path.Combine(stages, "decode"));
        File.Copy(Path.Combine(MiniPipelineRun.RepositoryRoot(), "stages", "decode", "stage.yaml"), Path.Combine(stages, "decode", "stage.yaml"));
        Write(Path.Combine(stages, DecodeInputsStage.StageName, "stage.yaml"), DecodeInputsStage.Yaml);
        Write(Path.Combine(stages, DecodeModelStage.StageName, "stage.yaml"), DecodeModelStage.Yaml);
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        var vae = DecodeFixtureModels.WriteMiniSet(Path.Combine(Root, "fixtures"))[0];
        Write(Path.Combine(Root, "pipeline.yaml"), $"""
            workspace: ws
            dataset:
              path: data
            run:
              max_parallel: 1
            stages:
              decode:
                vae_decoder: {vae}
                batch_size: 1
                max_caption_tokens: 4
                clip_vocab: ""
                clip_merges: ""
                write_files: false
                device: cpu
                threads: 1
                onnx_threads: 1
            """);
        Decode = new KillableStage(new DecodeStage());
        this.modelFile = modelFile;
    }

    public string Root { get; }

    /// <summary>Gets the real decode stage, counted and killable.</summary>
    public KillableStage Decode { get; }

    public PipelineSession Session()
    {
        var config = PipelineConfigLoader.Load(Path.Combine(Root, "pipeline.yaml"), null, new Hashtable());
        var catalog = StageCatalog.Load(Path.Combine(Root, "stages"));
        return new PipelineSession(catalog, config, StageParameterResolver.Resolve(catalog, config), [.. Segments.Keys.Select(s => new Shard(s, "test"))]);
    }

    public Task<IReadOnlyList<ItemResult>> RunAsync(CancellationToken cancellationToken) =>
        new DagRunner(Session(), [new DecodeInputsStage(Segments), new DecodeModelStage(modelFile), Decode], NullLoggerFactory.Instance, TimeProvider.System, new SilentObserver())
            .RunAsync(new RunRequest(), cancellationToken);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
