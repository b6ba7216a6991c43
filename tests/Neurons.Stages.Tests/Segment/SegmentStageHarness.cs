using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Segment;

/// <summary>Builds a <see cref="StageContext"/> for the segment stage over temp folders.</summary>
internal sealed class SegmentStageHarness : IDisposable
{
    public SegmentStageHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "neurons-segment-" + Guid.NewGuid().ToString("N"));
        Dataset = Path.Combine(Root, "dataset");
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Dataset);
        Directory.CreateDirectory(Workspace);
    }

    public static string StageYaml => Path.Combine(AppContext.BaseDirectory, "stages", "segment", "stage.yaml");

    public string Root { get; }

    public string Dataset { get; }

    public string Workspace { get; }

    public static ClipRow Clip(string segment, int tr, int splitIndex, Func<int, int, int, byte>? pixel = null, int size = 224)
    {
        var frames = new byte[ClipRow.FrameCount * size * size * 3];
        if (pixel is not null)
        {
            for (var f = 0; f < ClipRow.FrameCount; f++)
            {
                for (var y = 0; y < size; y++)
                {
                    for (var x = 0; x < size; x++)
                    {
                        var v = pixel(f, x, y);
                        var o = (((f * size * size) + (y * size) + x) * 3);
                        frames[o] = frames[o + 1] = frames[o + 2] = v;
                    }
                }
            }
        }

        return new ClipRow
        {
            ClipId = $"{segment}_{tr:000}",
            Split = "train",
            Segment = segment,
            TrIndex = tr,
            SplitIndex = splitIndex,
            Width = size,
            Height = size,
            Frames = TableImages.FromRgbFrames(frames, size, size),
        };
    }

    public static Dictionary<string, object> Defaults() =>
        StageDefinitionLoader.Load(StageYaml).Parameters.ToDictionary(p => p.Name, p => p.Default);

    public async Task<(StageContext Context, OutputShard Masks)> ContextAsync(
        IEnumerable<ClipRow> clips,
        IEnumerable<AnnotationRow> annotations,
        IDictionary<string, object> overrides)
    {
        var clipsPath = Path.Combine(Workspace, "clips.parquet");
        var annotationsPath = Path.Combine(Workspace, "annotations.parquet");
        await ParquetRows.WriteAsync(clipsPath, clips, CancellationToken.None);
        await ParquetRows.WriteAsync(annotationsPath, annotations, CancellationToken.None);
        var shard = new Shard("seg1", "train");
        var values = Defaults();
        foreach (var (k, v) in overrides)
        {
            values[k] = v;
        }

        var masks = new OutputShard("masks", Path.Combine(Workspace, "masks.tmp.parquet"));
        var context = StageHarness.Context(
            "segment",
            shard,
            [shard],
            values,
            Dataset,
            Workspace,
            new Dictionary<string, IReadOnlyList<InputShard>>
            {
                ["clips"] = [new InputShard("clips", shard, clipsPath, 0, new JsonObject())],
                ["annotations"] = [new InputShard("annotations", shard, annotationsPath, 0, new JsonObject())],
            },
            new Dictionary<string, OutputShard> { ["masks"] = masks },
            NullLogger.Instance,
            new Progress<double>(),
            new FakeTimeProvider());
        return (context, masks);
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
