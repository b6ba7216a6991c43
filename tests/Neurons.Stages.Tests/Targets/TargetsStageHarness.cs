using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Targets;

/// <summary>A <see cref="StageContext"/> for the targets stage with the checked-in mini fixture encoders.</summary>
internal sealed class TargetsStageHarness : IDisposable
{
    public TargetsStageHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "neurons-targets-" + Guid.NewGuid().ToString("N"));
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Workspace);
    }

    public static string StageYaml => Path.Combine(AppContext.BaseDirectory, "stages", "targets", "stage.yaml");

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("NeuronsPipeline.sln not found");
        }
    }

    public string Root { get; }

    public string Workspace { get; }

    public static Dictionary<string, object> FixtureParameters()
    {
        var values = StageDefinitionLoader.Load(StageYaml).Parameters.ToDictionary(p => p.Name, p => p.Default);
        var fixtures = Path.Combine(RepositoryRoot, "stages", "targets", "fixtures");
        values["clip_image_model"] = Path.Combine(fixtures, "clip_image.fixture.onnx");
        values["clip_text_model"] = Path.Combine(fixtures, "clip_text.fixture.onnx");
        values["clip_vocab"] = Path.Combine(fixtures, "clip_vocab.fixture.json");
        values["clip_merges"] = Path.Combine(fixtures, "clip_merges.fixture.txt");
        values["vae_encoder"] = Path.Combine(fixtures, "vae_encoder.fixture.onnx");
        values["onnx_threads"] = 1L;
        return values;
    }

    public static ClipRow Clip(int tr, int seed)
    {
        var random = new Random(seed);
        var frames = new byte[ClipRow.FrameCount * 224 * 224 * 3];
        random.NextBytes(frames);
        return new ClipRow { ClipId = $"seg1_{tr:000}", Split = "train", Segment = "seg1", TrIndex = tr, SplitIndex = tr, Width = 224, Height = 224, Frames = TableImages.FromRgbFrames(frames, 224, 224) };
    }

    public async Task<(StageContext Context, OutputShard Targets)> ContextAsync(
        IEnumerable<ClipRow> clips,
        IEnumerable<AnnotationRow> annotations,
        IEnumerable<KeyObjectRow> keyObjects,
        IDictionary<string, object>? overrides = null)
    {
        var paths = new Dictionary<string, string>
        {
            ["clips"] = Path.Combine(Root, "clips.parquet"),
            ["annotations"] = Path.Combine(Root, "annotations.parquet"),
            ["keyobjects"] = Path.Combine(Root, "keyobjects.parquet"),
        };
        await ParquetRows.WriteAsync(paths["clips"], clips, CancellationToken.None);
        await ParquetRows.WriteAsync(paths["annotations"], annotations, CancellationToken.None);
        await ParquetRows.WriteAsync(paths["keyobjects"], keyObjects, CancellationToken.None);
        var values = FixtureParameters();
        foreach (var (k, v) in overrides ?? new Dictionary<string, object>())
        {
            values[k] = v;
        }

        var shard = new Shard("seg1", "train");
        var targets = new OutputShard("targets", Path.Combine(Root, "targets.tmp.parquet"));
        var context = StageHarness.Context(
            "targets",
            shard,
            [shard, new Shard("seg2", "train")],
            values,
            Root,
            Workspace,
            paths.ToDictionary(p => p.Key, p => (IReadOnlyList<InputShard>)[new InputShard(p.Key, shard, p.Value, 0, new JsonObject())]),
            new Dictionary<string, OutputShard> { ["targets"] = targets },
            NullLogger.Instance,
            new Progress<double>(),
            new FakeTimeProvider());
        return (context, targets);
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
