using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Testing.Onnx;

namespace Neurons.Stages.Tests.Decode;

/// <summary>A temporary workspace with the decode stage's inputs for one test segment: clips, two-repeat fMRI of one subject, the 51 concept texts and a tiny random stage-2 model.</summary>
internal sealed class DecodeWorkItem : IDisposable
{
    public const int Voxels = 40;
    public const string ModelFile = "subject1/decoupled_model.safetensors";
    public static readonly Shard Test1 = new("test1", "test");

    private readonly Dictionary<string, List<InputShard>> inputs = new(StringComparer.Ordinal);

    public DecodeWorkItem()
    {
        Workspace = Directory.CreateTempSubdirectory("neurons-decode-").FullName;
        VaeDecoder = DecodeFixtureModels.WriteMiniSet(Path.Combine(Workspace, "fixtures"))[0];
    }

    public string Workspace { get; }

    public string VaeDecoder { get; }

    public Dictionary<string, object> Parameters() => new()
    {
        ["subjects"] = new List<object>(),
        ["seed"] = 0L,
        ["batch_size"] = 2L,
        ["prior_per_clip"] = true,
        ["max_caption_tokens"] = 4L,
        ["fmri_order"] = "as_is",
        ["vae_decoder"] = VaeDecoder,
        ["vae_scaling"] = 0.18215,
        ["clip_vocab"] = string.Empty,
        ["clip_merges"] = string.Empty,
        ["write_files"] = true,
        ["device"] = "cpu",
        ["threads"] = 1L,
        ["onnx_threads"] = 1L,
        ["execution_provider"] = "cpu",
    };

    public async Task GivenAsync(int clips)
    {
        var random = new Random(9);
        var clipRows = Enumerable.Range(0, clips).Select(i =>
        {
            var frames = new byte[6 * 224 * 224 * 3];
            random.NextBytes(frames);
            return new ClipRow { ClipId = $"test1_{i:000}", Split = "test", Segment = "test1", TrIndex = i, SplitIndex = i, Width = 224, Height = 224, Frames = frames };
        }).ToList();
        await AddAsync("clips", Test1, clipRows);
        var fmri = clipRows.SelectMany(c => new[] { 1, 2 }.Select(rep => new FmriRow
        {
            ClipId = c.ClipId,
            Split = "test",
            Segment = "test1",
            TrIndex = c.TrIndex,
            SplitIndex = c.SplitIndex,
            Subject = 1,
            Repeat = rep,
            Voxels = [.. Enumerable.Range(0, Voxels).Select(v => (float)Math.Sin((c.SplitIndex * 3.1) + (v * 0.7) + rep))],
        })).ToList();
        await AddAsync("fmri", Test1, fmri);
        var concepts = Enumerable.Range(0, 51).Select(i => new TargetConceptRow
        {
            Index = i,
            Concept = $"concept_{i}",
            TextWidth = 16,
            ClipText = TargetFloat16.Pack(Enumerable.Range(0, 16).Select(k => (float)Math.Cos((i * 1.3) + k)).ToArray()),
        }).ToList();
        await AddAsync("target_concepts", Test1, concepts);

        // The tiny stage-2 model, as train_decoupler commits it in its files folder.
        var files = Path.Combine(Workspace, "decoupler_training", "all.files");
        Directory.CreateDirectory(Path.Combine(files, "subject1"));
        var brain = BrainModelConfig.Tiny([Voxels], 16, 32, 16) with { Hidden = 32, Blocks = 1 };
        var config = DecoupledModelConfig.Tiny(brain) with { Gpt2 = Gpt2Config.Tiny(positions: 64) };
        using (var seed = new RandomSource(4))
        {
            TorchSharp.torch.manual_seed(4);
            using var model = new NeuronsDecoupledModel(config, seed);
            model.Save(Path.Combine(files, ModelFile));
        }

        var metadata = new JsonObject { ["models"] = new JsonObject { ["subject1"] = new JsonObject { ["model"] = ModelFile } } };
        inputs["decoupler_training"] = [new InputShard("decoupler_training", Shard.All, Path.Combine(Workspace, "decoupler_training", "all.parquet"), 0, metadata) { FilesDirectory = files, Files = [ModelFile] }];
    }

    public (StageContext Context, OutputShard Output) Context(IDictionary<string, object> parameters)
    {
        var tmp = Path.Combine(Workspace, "decoded", ".tmp");
        Directory.CreateDirectory(tmp);
        var output = new OutputShard("decoded", Path.Combine(tmp, $"test1.{Guid.NewGuid():N}.parquet"));
        var context = StageHarness.Context(
            "decode",
            Test1,
            [Test1],
            parameters,
            Workspace,
            Workspace,
            inputs.ToDictionary(p => p.Key, p => (IReadOnlyList<InputShard>)p.Value),
            new Dictionary<string, OutputShard> { ["decoded"] = output },
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
        return (context, output);
    }

    public void Dispose() => Directory.Delete(Workspace, recursive: true);

    private async Task AddAsync<T>(string table, Shard shard, IReadOnlyList<T> rows)
        where T : class, new()
    {
        var dir = Path.Combine(Workspace, table);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{shard.Name}.parquet");
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None);
        inputs[table] = [new InputShard(table, shard, path, rows.Count, new JsonObject())];
    }
}
