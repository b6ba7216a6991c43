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
        ["per_clip"] = true,
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
        var clipRows = ClipRows("test1", 0, clips);
        await AddAsync("clips", Test1, clipRows);
        await AddAsync("fmri", Test1, FmriRows(clipRows));
        await AddAsync("target_concepts", Test1, ConceptRows());

        // The tiny stage-2 model, as train_decoupler commits it in its files folder.
        var files = Path.Combine(Workspace, "decoupler_training", "all.files");
        WriteModel(files);
        inputs["decoupler_training"] = [new InputShard("decoupler_training", Shard.All, Path.Combine(Workspace, "decoupler_training", "all.parquet"), 0, ModelMetadata()) { FilesDirectory = files, Files = [ModelFile] }];
    }

    /// <summary>Test clips <c>&lt;segment&gt;_000</c>… with split indices from <paramref name="firstSplitIndex"/>, random 224² frames (seeded by the segment).</summary>
    public static List<ClipRow> ClipRows(string segment, int firstSplitIndex, int clips)
    {
        var random = new Random(9 + firstSplitIndex);
        return Enumerable.Range(0, clips).Select(i =>
        {
            var frames = new byte[6 * 224 * 224 * 3];
            random.NextBytes(frames);
            return new ClipRow { ClipId = $"{segment}_{i:000}", Split = "test", Segment = segment, TrIndex = i, SplitIndex = firstSplitIndex + i, Width = 224, Height = 224, Frames = TableImages.FromRgbFrames(frames, 224, 224) };
        }).ToList();
    }

    /// <summary>Two fMRI repeats of subject 1 per clip, a smooth function of the split index, voxel and repeat.</summary>
    public static List<FmriRow> FmriRows(IEnumerable<ClipRow> clips) =>
        clips.SelectMany(c => new[] { 1, 2 }.Select(rep => new FmriRow
        {
            ClipId = c.ClipId,
            Split = "test",
            Segment = c.Segment,
            TrIndex = c.TrIndex,
            SplitIndex = c.SplitIndex,
            Subject = 1,
            Repeat = rep,
            Voxels = [.. Enumerable.Range(0, Voxels).Select(v => (float)Math.Sin((c.SplitIndex * 3.1) + (v * 0.7) + rep))],
        })).ToList();

    /// <summary>The 51 concepts with 16-wide pooled text vectors.</summary>
    public static List<TargetConceptRow> ConceptRows() =>
        Enumerable.Range(0, 51).Select(i => new TargetConceptRow
        {
            Index = i,
            Concept = $"concept_{i}",
            TextWidth = 16,
            ClipText = TargetFloat16.Round(Enumerable.Range(0, 16).Select(k => (float)Math.Cos((i * 1.3) + k)).ToArray()),
        }).ToList();

    /// <summary>Writes the tiny random stage-2 model (seeded) as <see cref="ModelFile"/> under <paramref name="filesDirectory"/>.</summary>
    public static void WriteModel(string filesDirectory)
    {
        Directory.CreateDirectory(Path.Combine(filesDirectory, "subject1"));
        var brain = BrainModelConfig.Tiny([Voxels], 16, 32, 16) with { Hidden = 32, Blocks = 1 };
        var config = DecoupledModelConfig.Tiny(brain) with { Gpt2 = Gpt2Config.Tiny(positions: 64) };
        using var seed = new RandomSource(4);
        TorchSharp.torch.manual_seed(4);
        using var model = new NeuronsDecoupledModel(config, seed);
        model.Save(Path.Combine(filesDirectory, ModelFile));
    }

    /// <summary>The <c>decoupler_training</c> sidecar metadata naming the model file of subject 1.</summary>
    public static JsonObject ModelMetadata() => new() { ["models"] = new JsonObject { ["subject1"] = new JsonObject { ["model"] = ModelFile } } };

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
