using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Annotate;

/// <summary>
/// A temporary workspace and dataset holding one shard of <c>clips</c> (small random frames), and the
/// <see cref="StageContext"/> of an <c>annotate</c> work item over it, with the stage.yaml defaults as parameters.
/// </summary>
internal sealed class AnnotateWorkItem : IDisposable
{
    public AnnotateWorkItem(int clipCount, string shard = "seg1", string split = "train", int firstSplitIndex = 0)
    {
        Root = Directory.CreateTempSubdirectory("neurons-annotate-").FullName;
        Shard = new Shard(shard, split);
        Clips = Enumerable.Range(0, clipCount).Select(i => Clip(shard, split, i, firstSplitIndex + i)).ToList();
        Directory.CreateDirectory(Path.Combine(Workspace, "clips"));
        Directory.CreateDirectory(Dataset);
        ParquetRows.WriteAsync(ClipsPath, Clips, CancellationToken.None).GetAwaiter().GetResult();
    }

    public string Root { get; }

    public string Workspace => Path.Combine(Root, "workspace");

    public string Dataset => Path.Combine(Root, "dataset");

    public Shard Shard { get; }

    public List<ClipRow> Clips { get; }

    public string ClipsPath => Path.Combine(Workspace, "clips", $"{Shard.Name}.parquet");

    public static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }

    /// <summary>The stage.yaml defaults (path defaults resolved against the source folder).</summary>
    public static Dictionary<string, object> Defaults() =>
        StageDefinitionLoader.Load(Path.Combine(RepositoryRoot(), "stages", "annotate", "stage.yaml"))
            .Parameters.ToDictionary(p => p.Name, p => p.Default);

    /// <summary>Builds the context of one work item; <paramref name="overrides"/> replace stage.yaml defaults.</summary>
    public (StageContext Context, OutputShard Output) Context(IDictionary<string, object> overrides)
    {
        var parameters = Defaults();
        foreach (var (key, value) in overrides)
        {
            parameters[key] = value;
        }

        var tmp = Path.Combine(Workspace, "annotations", ".tmp");
        Directory.CreateDirectory(tmp);
        var output = new OutputShard("annotations", Path.Combine(tmp, $"{Shard.Name}.{Guid.NewGuid():N}.parquet"));
        var context = StageHarness.Context(
            "annotate",
            Shard,
            [Shard],
            parameters,
            Dataset,
            Workspace,
            new Dictionary<string, IReadOnlyList<InputShard>>
            {
                ["clips"] = [new InputShard("clips", Shard, ClipsPath, Clips.Count, new JsonObject())],
            },
            new Dictionary<string, OutputShard> { ["annotations"] = output },
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
        return (context, output);
    }

    /// <summary>The base64 PNG the stage sends for a clip's frame (what the stand-in sees).</summary>
    public string ImageOf(int clip, int frame = 2)
    {
        var c = Clips[clip];
        var bytes = c.Width * c.Height * 3;
        return Neurons.Annotation.Vlm.EncodedImage.FromRgb(c.DecodeFrames().AsSpan(frame * bytes, bytes), c.Width, c.Height).ToBase64();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static ClipRow Clip(string shard, string split, int tr, int splitIndex)
    {
        const int size = 16;
        var frames = new byte[ClipRow.FrameCount * size * size * 3];
        new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{shard}/{tr}")))).NextBytes(frames);
        return new ClipRow
        {
            ClipId = $"{shard}_{tr:000}",
            Split = split,
            Segment = shard,
            TrIndex = tr,
            SplitIndex = splitIndex,
            StartSeconds = 2.0 * tr,
            SourceFrames = [.. Enumerable.Range(0, ClipRow.FrameCount).Select(f => (tr * 60) + (f * 10))],
            Width = size,
            Height = size,
            Frames = TableImages.FromRgbFrames(frames, size, size),
            SourceSha256 = new string('0', 64),
        };
    }
}
