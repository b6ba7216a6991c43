using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Stages.Tests.TrainDecoupler;

/// <summary>
/// A temporary workspace for the <c>train_decoupler</c> stage: subject 1 with 30 training clips (2 repeats, seg1) and
/// 10 test clips (3 repeats, test1), their <c>targets</c> (6 frames of 4 × 16 tokens, text 8, latents 4 × 5 × 5),
/// <c>keyobjects</c> (16 × 16 masks), <c>concepts</c> (51-way) and a <c>training</c> shard whose sidecar points at a
/// tiny stage-1 brain export; builds the stage's context as the engine does.
/// </summary>
internal sealed class TrainDecouplerWorkspace : IDisposable
{
    public const int Voxels = 60;
    public const int Tokens = 4;
    public const int Width = 16;
    public const int TextWidth = 8;
    public const int MaskSide = 16;

    private static readonly string[] Names = ["dog", "car", "fish", "bird"];
    private static readonly string[] Colours = ["red", "green", "blue"];
    private readonly Dictionary<string, List<InputShard>> inputs = new(StringComparer.Ordinal);

    public TrainDecouplerWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("neurons-train-decoupler-").FullName;
    }

    public string Root { get; }

    public static Dictionary<string, object> Parameters(Action<Dictionary<string, object>>? change = null)
    {
        var p = new Dictionary<string, object>
        {
            ["config"] = "tiny", ["attention"] = "per_clip_residual", ["caption_tokenizer"] = "gpt2", ["caption_length"] = 8L, ["gpt2_weights"] = string.Empty,
            ["clip_vocab"] = string.Empty, ["clip_merges"] = string.Empty, ["subjects"] = new List<object>(), ["epochs"] = 3L, ["batch_size"] = 10L,
            ["max_lr"] = 2e-3, ["weight_decay"] = 0.01, ["pct_start"] = 0.0, ["final_div_factor"] = 1000.0, ["seed"] = 42L, ["prior_frame"] = 2L,
            ["clip_temperature_start"] = 0.004, ["clip_temperature_end"] = 0.0075, ["text_temperature"] = 0.1, ["eval_batch_size"] = 10L,
            ["eval_sampling"] = true, ["checkpoint_every_steps"] = 0L, ["keep_last"] = 2L, ["gc_every_steps"] = 100L, ["threads"] = 1L, ["device"] = "cpu",
        };
        change?.Invoke(p);
        return p;
    }

    public async Task WriteAsync()
    {
        // Tensors live only in the synchronous Generate: a dispose scope is per thread and must not span an await.
        using var gen = new Generator(3);
        foreach (var (shard, fmriRows, targetRows, keyRows, conceptRows) in Generate(gen))
        {
            await Add("fmri", shard, fmriRows).ConfigureAwait(false);
            await Add("targets", shard, targetRows).ConfigureAwait(false);
            await Add("keyobjects", shard, keyRows).ConfigureAwait(false);
            await Add("concepts", shard, conceptRows).ConfigureAwait(false);
        }

        // The train stage's export and its sidecar entry.
        var brain = new BrainModelConfig { Name = "tiny", Voxels = [Voxels], Hidden = 32, Blocks = 2, Tokens = Tokens, Width = Width, TextWidth = TextWidth };
        var modelPath = Path.Combine(Root, "models", "train", "subject1", "brain_model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        using (var random = new RandomSource(5))
        using (var model = new NeuronsBrainModel(brain, random))
        {
            model.LoadTextProjection(randn(Width, TextWidth, generator: gen).div(4));
            SafeTensors.Save(modelPath, ModuleWeights.Prefixed(model, string.Empty), new Dictionary<string, string>
            {
                ["neurons.kind"] = "neurons-brain-model/1",
                ["neurons.config"] = JsonSerializer.Serialize(brain),
            });
        }

        var trainingPath = Path.Combine(Root, "training", "all.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(trainingPath)!);
        await File.WriteAllBytesAsync(trainingPath, []).ConfigureAwait(false);
        var metadata = new JsonObject { ["models"] = new JsonObject { ["subject1"] = new JsonObject { ["model"] = "models/train/subject1/brain_model.safetensors" } } };
        inputs["training"] = [new InputShard("training", Shard.All, trainingPath, 2, metadata)];
    }

    private static List<(Shard Shard, List<FmriRow> Fmri, List<TargetRow> Targets, List<KeyObjectRow> Keys, List<ConceptRow> Concepts)> Generate(Generator gen)
    {
        var segments = new List<(Shard, List<FmriRow>, List<TargetRow>, List<KeyObjectRow>, List<ConceptRow>)>();
        using var scope = NewDisposeScope();
        var w = randn(6, Voxels, generator: gen);
        var a = randn(6, 6 * Tokens * Width, generator: gen);
        var c = randn(6, TextWidth, generator: gen);
        var l = randn(6, 6 * 4 * 5 * 5, generator: gen);
        foreach (var (segment, split, clips, repeats) in new[] { ("seg1", "train", 30, 2), ("test1", "test", 10, 3) })
        {
            var z = randn(clips, 6, generator: gen);
            var shard = new Shard(segment, split);
            var fmriRows = new List<FmriRow>();
            for (var rep = 1; rep <= repeats; rep++)
            {
                var vox = z.matmul(w).add(randn(clips, Voxels, generator: gen).mul(0.3));
                fmriRows.AddRange(Enumerable.Range(0, clips).Select(i => new FmriRow
                {
                    ClipId = $"{segment}_{i:000}", Split = split, Segment = segment, TrIndex = i, SplitIndex = i, Subject = 1, Repeat = rep, Volume = i + 1,
                    Voxels = vox[i].data<float>().ToList(),
                }));
            }

            var tokens = z.matmul(a).to(ScalarType.Float16);
            var text = z.matmul(c).to(ScalarType.Float16);
            var latents = z.matmul(l).mul(0.3).to(ScalarType.Float16);
            var first = z.select(1, 0).data<float>().ToArray();
            var second = z.select(1, 1).data<float>().ToArray();
            string Name(int i) => Names[(first[i] > 0 ? 1 : 0) + (second[i] > 0 ? 2 : 0)];
            var targetRows = Enumerable.Range(0, clips).Select(i => new TargetRow
            {
                ClipId = $"{segment}_{i:000}", Split = split, SplitIndex = i, Frames = [0, 1, 2, 3, 4, 5], ImageTokens = Tokens, ImageWidth = Width, TextWidth = TextWidth,
                ClipImageTokens = [.. tokens[i].to(ScalarType.Float32).data<float>()], ClipImageMean = [.. new float[Width]], ClipText = [.. text[i].to(ScalarType.Float32).data<float>()],
                Caption = $"a {Colours[i % 3]} {Name(i)} moving {(second[i] > 0 ? "left" : "right")}",
                KeyObject = i % 5 == 0 ? string.Empty : Name(i),
                KeyObjectText = i % 5 == 0 ? [] : [.. text[i].neg().to(ScalarType.Float32).data<float>()],
                LatentChannels = 4, LatentHeight = 5, LatentWidth = 5, VaeLatents = [.. latents[i].to(ScalarType.Float32).data<float>()],
            }).ToList();
            var keyRows = Enumerable.Range(0, clips).Select(i =>
            {
                var mask = new bool[MaskSide * MaskSide];
                var corner = first[i] > 0 ? 0 : MaskSide / 2;
                for (var y = corner; y < corner + (MaskSide / 2); y++)
                {
                    for (var x = corner; x < corner + (MaskSide / 2); x++)
                    {
                        mask[(y * MaskSide) + x] = i % 5 != 0;
                    }
                }

                return new KeyObjectRow
                {
                    ClipId = $"{segment}_{i:000}", KeyObject = i % 5 == 0 ? "None" : Name(i), Reason = "moving", Mode = "reference",
                    Width = MaskSide, Height = MaskSide, FrameCount = 6, Masks = [.. Enumerable.Range(0, 6).Select(_ => TableImages.FromMask(mask, MaskSide, MaskSide))],
                };
            }).ToList();
            var conceptRows = Enumerable.Range(0, clips).Select(i => new ConceptRow
            {
                ClipId = $"{segment}_{i:000}",
                MultiHot = [.. Enumerable.Range(0, 51).Select(k => k == (first[i] > 0 ? 0 : 1) || (k == 2 && second[i] > 0) ? 1 : 0)],
            }).ToList();
            segments.Add((shard, fmriRows, targetRows, keyRows, conceptRows));
        }

        return segments;
    }

    public StageContext Context(Dictionary<string, object> parameters, out OutputShard output)
    {
        var tmp = Path.Combine(Root, "decoupler_training", ".tmp");
        Directory.CreateDirectory(tmp);
        output = new OutputShard("decoupler_training", Path.Combine(tmp, $"all.{Guid.NewGuid():N}.parquet"));
        var outputs = new Dictionary<string, OutputShard> { ["decoupler_training"] = output };
        var all = inputs.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<InputShard>)kv.Value, StringComparer.Ordinal);
        return StageHarness.Context("train_decoupler", Shard.All, [.. inputs["fmri"].Select(s => s.Shard)], parameters, Root, Root, all, outputs);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private async Task Add<T>(string table, Shard shard, List<T> rows)
        where T : class, new()
    {
        var path = Path.Combine(Root, table, $"{shard.Name}.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None).ConfigureAwait(false);
        if (!inputs.TryGetValue(table, out var list))
        {
            list = [];
            inputs[table] = list;
        }

        list.Add(new InputShard(table, shard, path, rows.Count, []));
    }
}
