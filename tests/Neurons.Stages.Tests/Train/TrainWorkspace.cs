using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Stages.Tests.Train;

/// <summary>
/// A temporary workspace with one <c>fmri</c> shard per segment (subject 1: 48 training clips × 2 repeats in
/// seg1/seg2, 24 test clips × 3 repeats in test1) and matching <c>targets</c> shards whose tokens and voxels share a
/// latent (decodable), plus a fitted text projection file; builds the train stage's context as the engine does.
/// </summary>
internal sealed class TrainWorkspace : IDisposable
{
    public const int Voxels = 120;
    public const int Frames = 6;
    public const int Tokens = 4;
    public const int Width = 16;
    public const int TextWidth = 8;

    private readonly List<InputShard> fmri = [];
    private readonly List<InputShard> targets = [];

    public TrainWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("neurons-train-stage-").FullName;
    }

    public string Root { get; }

    public string ProjectionPath => Path.Combine(Root, "targets", "text_projection.safetensors");

    public static Dictionary<string, object> Parameters(Action<Dictionary<string, object>>? change = null)
    {
        var p = new Dictionary<string, object>
        {
            ["config"] = "tiny", ["mixer"] = "reference", ["subjects"] = new List<object>(), ["epochs"] = 3L, ["batch_size"] = 16L,
            ["max_lr"] = 3e-3, ["weight_decay"] = 0.01, ["pct_start"] = 0.0, ["final_div_factor"] = 1000.0, ["seed"] = 42L,
            ["mixup_pct"] = 1.0, ["clip_temperature"] = 0.006, ["text_temperature"] = 0.1, ["text_weight"] = 0.25,
            ["mix_beta"] = 0.15, ["mix_probability"] = 0.5, ["frame_even"] = 2L, ["frame_odd"] = 3L, ["test_frame"] = 2L,
            ["eval_batch_size"] = 24L, ["checkpoint_every_steps"] = 0L, ["keep_last"] = 2L, ["gc_every_steps"] = 100L,
            ["threads"] = 1L, ["device"] = "cpu", ["text_projection"] = string.Empty, ["projection_lambda"] = 1.0,
        };
        change?.Invoke(p);
        return p;
    }

    public static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }

    public async Task WriteAsync()
    {
        // Tensors live only in the synchronous Generate: a dispose scope is per thread and must not span an await.
        using var gen = new Generator(3);
        foreach (var (segment, shard, clips, fmriRows, targetRows) in Generate(gen))
        {
            var fmriPath = Path.Combine(Root, "fmri", $"{segment}.parquet");
            var targetsPath = Path.Combine(Root, "targets", $"{segment}.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(fmriPath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(targetsPath)!);
            await ParquetRows.WriteAsync(fmriPath, fmriRows, CancellationToken.None);
            await ParquetRows.WriteAsync(targetsPath, targetRows, CancellationToken.None);
            fmri.Add(new InputShard("fmri", shard, fmriPath, fmriRows.Count, new JsonObject { ["v"] = Voxels }));
            targets.Add(new InputShard("targets", shard, targetsPath, clips, new JsonObject { ["image_tokens"] = Tokens, ["image_width"] = Width, ["text_width"] = TextWidth }));
        }

        using var proj = randn(Width, TextWidth, generator: gen).div_(4);
        SafeTensors.Save(ProjectionPath, [new("proj", proj)]);
    }

    private static List<(string Segment, Shard Shard, int Clips, List<FmriRow> Fmri, List<TargetRow> Targets)> Generate(Generator gen)
    {
        var segments = new List<(string, Shard, int, List<FmriRow>, List<TargetRow>)>();
        using var scope = NewDisposeScope();
        var w = randn(6, Voxels, generator: gen);
        var a = randn(6, Frames * Tokens * Width, generator: gen);
        var c = randn(6, TextWidth, generator: gen);
        foreach (var (segment, split, clips, repeats, offset) in new[] { ("seg1", "train", 24, 2, 0), ("seg2", "train", 24, 2, 24), ("test1", "test", 24, 3, 0) })
        {
            var z = randn(clips, 6, generator: gen);
            var fmriRows = new List<FmriRow>();
            for (var rep = 1; rep <= repeats; rep++)
            {
                var vox = z.matmul(w).add(randn(clips, Voxels, generator: gen).mul(0.5));
                for (var i = 0; i < clips; i++)
                {
                    fmriRows.Add(new FmriRow
                    {
                        ClipId = $"{segment}_{i:000}", Split = split, Segment = segment, TrIndex = i, SplitIndex = offset + i,
                        Subject = 1, Repeat = rep, Volume = i + 1, Voxels = vox[i].data<float>().ToList(),
                    });
                }
            }

            var tokens = z.matmul(a).to(ScalarType.Float16);
            var mean = z.matmul(a).reshape(clips, Frames * Tokens, Width).mean([1]);
            var text = z.matmul(c).to(ScalarType.Float16);
            var targetRows = Enumerable.Range(0, clips).Select(i => new TargetRow
            {
                ClipId = $"{segment}_{i:000}", Split = split, SplitIndex = offset + i, Frames = [0, 1, 2, 3, 4, 5],
                ImageTokens = Tokens, ImageWidth = Width, TextWidth = TextWidth,
                ClipImageTokens = [.. tokens[i].to(ScalarType.Float32).data<float>()],
                ClipImageMean = [.. mean[i].data<float>()],
                ClipText = [.. text[i].to(ScalarType.Float32).data<float>()],
                Caption = $"caption {i}",
            }).ToList();
            segments.Add((segment, new Shard(segment, split), clips, fmriRows, targetRows));
        }

        return segments;
    }

    public StageContext Context(Dictionary<string, object> parameters)
    {
        var tmp = Path.Combine(Root, "training", ".tmp");
        Directory.CreateDirectory(tmp);
        var inputs = new Dictionary<string, IReadOnlyList<InputShard>> { ["fmri"] = fmri, ["targets"] = targets };
        var outputs = new Dictionary<string, OutputShard>
        {
            ["training"] = new OutputShard("training", Path.Combine(tmp, $"all.{Guid.NewGuid():N}.parquet")),
        };
        return StageHarness.Context("train", Shard.All, [.. fmri.Select(s => s.Shard)], parameters, Root, Root, inputs, outputs);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
