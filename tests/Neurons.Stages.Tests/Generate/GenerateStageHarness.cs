using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Generation.Pipeline;
using Neurons.Stages.Generate;

namespace Neurons.Stages.Tests.Generate;

/// <summary>A <see cref="StageContext"/> for the generate stage on the checked-in fixture graphs, with decoded rows made by the test.</summary>
internal sealed class GenerateStageHarness : IDisposable
{
    private int run;

    public GenerateStageHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "neurons-generate-" + Guid.NewGuid().ToString("N"));
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Workspace);
    }

    public string Root { get; }

    public string Workspace { get; }

    public static Dictionary<string, object> FixtureParameters()
    {
        var stageYaml = Path.Combine(AppContext.BaseDirectory, "stages", "generate", "stage.yaml");
        var values = StageDefinitionLoader.Load(stageYaml).Parameters.ToDictionary(p => p.Name, p => p.Default);
        var fixtures = Path.Combine(Targets.TargetsStageHarness.RepositoryRoot, "stages", "generate", "fixtures");
        values["text_encoder_model"] = Path.Combine(fixtures, "text_encoder.fixture.onnx");
        values["clip_vocab"] = Path.Combine(fixtures, "clip_vocab.fixture.json");
        values["clip_merges"] = Path.Combine(fixtures, "clip_merges.fixture.txt");
        values["vae_encoder_model"] = Path.Combine(fixtures, "vae_encoder.fixture.onnx");
        values["vae_decoder_model"] = Path.Combine(fixtures, "vae_decoder.fixture.onnx");
        values["sparsectrl_model"] = Path.Combine(fixtures, "sparsectrl.fixture.onnx");
        values["unet_model"] = Path.Combine(fixtures, "unet.fixture.onnx");
        values["unclip_unet_model"] = Path.Combine(fixtures, "unclip_unet.fixture.onnx");
        values["unclip_vae_decoder_model"] = Path.Combine(fixtures, "unclip_vae_decoder.fixture.onnx");
        values["size"] = 64L;
        values["steps"] = 3L;
        values["unclip_steps"] = 2L;
        values["unclip_latent_size"] = 4L;
        values["onnx_threads"] = 1L;
        return values;
    }

    public static (DecodedClip Decoded, ClipRow Truth) Clip(int tr, int subject = 1)
    {
        const int size = 32, maskSize = 16, tokens = 16, width = 32;
        var random = new Random(tr + (100 * subject));
        var frames = new byte[6 * size * size * 3];
        random.NextBytes(frames);
        var masks = new byte[6 * maskSize * maskSize];
        for (var i = 0; i < masks.Length; i++)
        {
            masks[i] = (byte)(((i % maskSize) > 4 && (i % maskSize) < 11) ? 1 : 0);
        }

        var values = Enumerable.Range(0, tokens * width).Select(i => (float)Math.Sin((i * 0.1) + tr)).ToArray();
        var decoded = new DecodedClip
        {
            ClipId = $"test1_{tr:000}",
            Split = "test",
            Segment = "test1",
            SplitIndex = tr,
            Subject = subject,
            Seed = 1000 + tr,
            Caption = tr % 2 == 0 ? "a dog runs on the grass" : "a man rides a bike",
            MaskSize = maskSize,
            Masks = [.. Enumerable.Range(0, 6).Select(f => TableImages.FromMaskBytes(masks.AsSpan(f * maskSize * maskSize, maskSize * maskSize), maskSize, maskSize))],
            Width = size,
            Height = size,
            BlurryFrames = TableImages.FromRgbFrames(frames, size, size),
            TokenCount = tokens,
            TokenWidth = width,
            KeyframeTokens = TargetFloat16.Round(values),
        };
        var truthFrames = new byte[6 * 224 * 224 * 3];
        random.NextBytes(truthFrames);
        var truth = new ClipRow { ClipId = decoded.ClipId, Split = "test", Segment = "test1", TrIndex = tr, SplitIndex = tr, Width = 224, Height = 224, Frames = TableImages.FromRgbFrames(truthFrames, 224, 224) };
        return (decoded, truth);
    }

    public async Task<(StageContext Context, OutputShard Output)> ContextAsync(
        IReadOnlyList<(DecodedClip Decoded, ClipRow Truth)> clips,
        IDictionary<string, object>? overrides = null,
        IProgress<double>? progress = null)
    {
        run++;
        var decodedPath = Path.Combine(Root, "decoded.parquet");
        var clipsPath = Path.Combine(Root, "clips.parquet");
        await ParquetRows.WriteAsync(decodedPath, clips.Select(c => c.Decoded), CancellationToken.None);
        await ParquetRows.WriteAsync(clipsPath, clips.Select(c => c.Truth), CancellationToken.None);
        var values = FixtureParameters();
        foreach (var (k, v) in overrides ?? new Dictionary<string, object>())
        {
            values[k] = v;
        }

        var shard = new Shard("test1", "test");
        var output = new OutputShard("generated", Path.Combine(Root, $"generated{run}.tmp.parquet"), Path.Combine(Root, $"generated{run}.files.tmp"));
        var context = StageHarness.Context(
            "generate",
            shard,
            [shard],
            values,
            Root,
            Workspace,
            new Dictionary<string, IReadOnlyList<InputShard>>
            {
                ["decoded"] = [new InputShard("decoded", shard, decodedPath, clips.Count, new JsonObject())],
                ["clips"] = [new InputShard("clips", shard, clipsPath, clips.Count, new JsonObject())],
            },
            new Dictionary<string, OutputShard> { ["generated"] = output },
            NullLogger.Instance,
            progress ?? new Progress<double>(),
            new FakeTimeProvider());
        return (context, output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
