using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Targets;

namespace Neurons.Stages.Tests.Targets;

public sealed class TargetsStageTests : IDisposable
{
    private readonly TargetsStageHarness harness = new();

    [Fact]
    public async Task RunAsync_WithMiniFixtureEncoders_WritesFloat16TargetsOfTheTinyShapes()
    {
        // Given three clips, captions, and a key object for the first clip only
        var clips = Enumerable.Range(0, 3).Select(i => TargetsStageHarness.Clip(i, i)).ToList();
        var annotations = clips.Select(c => new AnnotationRow { ClipId = c.ClipId, Frame = 2, Caption = "a dog runs after a red ball", Objects = ["dog", "ball"] }).ToList();
        var keys = new[] { new KeyObjectRow { ClipId = "seg1_000", KeyObject = "dog" }, new KeyObjectRow { ClipId = "seg1_001", KeyObject = "None" } };
        var (context, targets) = await harness.ContextAsync(clips, annotations, keys);
        var stage = new TargetsStage { FreeSpace = _ => long.MaxValue };

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then each clip has 6 × 16 × 32 image tokens, 16-d texts and 6 × 4 × 28 × 28 latents, all at float16 precision
        var rows = await ParquetRows.ReadAsync<TargetRow>(targets.Path, CancellationToken.None);
        Assert.Equal(3, targets.Rows);
        var first = rows[0];
        Assert.Equal((16, 32, 16), (first.ImageTokens, first.ImageWidth, first.TextWidth));
        Assert.Equal([0, 1, 2, 3, 4, 5], first.Frames);
        Assert.Equal(6 * 16 * 32, first.ClipImageTokens.Count);
        Assert.Equal(32, first.ClipImageMean.Count);
        Assert.Equal(16, first.ClipText.Count);
        Assert.All(first.ClipImageTokens.Concat(first.ClipText).Concat(first.VaeLatents), v => Assert.Equal((float)(Half)v, v));
        Assert.Equal((4, 28, 28), (first.LatentChannels, first.LatentHeight, first.LatentWidth));
        Assert.Equal(6 * 4 * 28 * 28, first.VaeLatents.Count);
        Assert.Equal(("dog", 16), (first.KeyObject, first.KeyObjectText.Count));
        Assert.Equal((string.Empty, 0), (rows[1].KeyObject, rows[1].KeyObjectText.Count));
        Assert.Equal("a dog runs after a red ball", rows[2].Caption);
        Assert.NotEqual(rows[0].ClipImageTokens, rows[1].ClipImageTokens);

        // And the file says the shapes: clip_image_tokens [6, 16, 32] at float16 precision in float32 lists
        var metadata = System.Text.Json.Nodes.JsonNode.Parse((await ParquetRows.ReadMetadataAsync(targets.Path, CancellationToken.None))[TableMetadata.Key])!;
        Assert.Equal("[6,16,32]", metadata["columns"]!["clip_image_tokens"]!["shape"]!.ToJsonString());
        Assert.Equal(("float16", "float32"), ((string?)metadata["columns"]!["clip_image_tokens"]!["dtype"], (string?)metadata["columns"]!["clip_image_tokens"]!["storage"]));
        Assert.Equal("[6,4,28,28]", metadata["columns"]!["vae_latents"]!["shape"]!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_WhenTableIsWritten_ItsSizeIsWithinAFifthOfThePrintedEstimate()
    {
        // Given eight clips of noise frames
        var clips = Enumerable.Range(0, 8).Select(i => TargetsStageHarness.Clip(i, 100 + i)).ToList();
        var (context, targets) = await harness.ContextAsync(clips, [], []);
        var stage = new TargetsStage { FreeSpace = _ => long.MaxValue };

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then the Parquet file is close to the estimate recorded before encoding
        var estimate = (long)targets.Metadata["estimate_bytes"]!;
        var actual = new FileInfo(targets.Path).Length;
        Assert.InRange((double)actual / estimate, 0.8, 1.2);
    }

    [Fact]
    public async Task RunAsync_WhenDiskIsTooSmall_RefusesBeforeWritingUnlessForced()
    {
        // Given 1 MB free and two shards to build
        var clips = new[] { TargetsStageHarness.Clip(0, 1) };
        var (context, targets) = await harness.ContextAsync(clips, [], []);
        var stage = new TargetsStage { FreeSpace = _ => 1000 };

        // When / Then the stage refuses with one line naming the need, the free space and the override
        var error = await Assert.ThrowsAsync<IOException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));
        Assert.StartsWith("targets: the 2 shard(s) still to build need about ", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 1000 B free", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("set stages.targets.force_disk: true", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(targets.Path));

        // And with force_disk it runs
        var (forced, forcedTargets) = await harness.ContextAsync(clips, [], [], new Dictionary<string, object> { ["force_disk"] = true });
        await StageLifecycle.RunAsync(stage, forced, CancellationToken.None);
        Assert.Equal(1, forcedTargets.Rows);
    }

    [Fact]
    public void Pack_WhenValuesRoundTripThroughFloat16_KeepsHalfPrecision()
    {
        // Given values exact in float16, one that rounds and one beyond its range
        float[] values = [1f, -2.5f, 65504f, 0.1f, 1e6f];

        // When packed and unpacked
        var bytes = TargetFloat16.Pack(values);
        var back = TargetFloat16.Unpack(bytes);
        var rounded = TargetFloat16.Round(values);

        // Then 2 bytes per value, little-endian (1.0 = 0x3C00), 0.1 to its nearest half, overflow to infinity
        Assert.Equal(10, bytes.Length);
        Assert.Equal([0x00, 0x3C], bytes[..2]);
        Assert.Equal([1f, -2.5f, 65504f], back[..3]);
        Assert.Equal(0.0999755859375f, back[3]);
        Assert.True(float.IsPositiveInfinity(back[4]));

        // And Round (the table columns' values) gives the same floats
        Assert.Equal(back, rounded);
    }

    [Fact]
    public async Task TextProjectionFit_WhenTextIsALinearMapOfTheMeanToken_RecoversItFromTrainRowsOnly()
    {
        // Given 40 train rows whose caption embedding = mean token · B exactly, and one test row that breaks it
        var random = new Random(3);
        var b = Enumerable.Range(0, 4 * 2).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        TargetRow Row(string split, float[] mean, float[] text) => new()
        {
            ClipId = "c",
            Split = split,
            ClipImageMean = [.. mean],
            ClipText = TargetFloat16.Round(text),
        };
        var rows = Enumerable.Range(0, 40).Select(_ =>
        {
            var m = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
            var t = Enumerable.Range(0, 2).Select(k => Enumerable.Range(0, 4).Sum(i => m[i] * b[(i * 2) + k])).ToArray();
            return Row("train", m, t);
        }).Append(Row("test", [1, 1, 1, 1], [100, -100])).ToList();
        var path = Path.Combine(harness.Root, "targets.parquet");
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None);

        // When the projection is fitted as the train stage fits it
        var pairs = await TargetProjectionPairs.ReadAsync([path], CancellationToken.None);
        var projection = Neurons.Vision.Targets.RidgeProjection.Fit(pairs.MeanTokens, pairs.Texts, 1e-6);
        var (r2, top1) = projection.Evaluate(pairs.MeanTokens, pairs.Texts);
        var clips = pairs.MeanTokens.Count;

        // Then the 40 train rows give B back (to float16 precision of the text) with R² ≈ 1
        Assert.Equal(40, clips);
        Assert.All(b.Zip(projection.Weights), p => Assert.Equal(p.First, p.Second, 2));
        Assert.True(r2 > 0.999, $"R² {r2}");
        Assert.True(top1 > 0.9, $"top-1 {top1}");
    }

    public void Dispose() => harness.Dispose();
}
