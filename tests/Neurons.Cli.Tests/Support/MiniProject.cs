using System.Security.Cryptography;
using Neurons.Data.Mini;

namespace Neurons.Cli.Tests.Support;

/// <summary>A folder with a small mini subset (4 TRs per segment) and a pipeline.yaml pointing at it.</summary>
public sealed class MiniProject : IDisposable
{
    public const int Trs = 4;

    public MiniProject(string workspace = "ws")
    {
        Root = Directory.CreateTempSubdirectory("neurons-cli-").FullName;
        WritePipeline(workspace);
    }

    public string Root { get; }

    public string Dataset => Path.Combine(Root, "mini");

    /// <summary>Gets the TRs per segment of the dataset (and of slice.trs in pipeline.yaml).</summary>
    public int SegmentTrs { get; private set; } = Trs;

    /// <summary>Creates a project with a mini subset of <paramref name="trs"/> TRs per segment (more than 5 for the fMRI stages' detrending).</summary>
    public static async Task<MiniProject> WithDatasetAsync(int trs = Trs)
    {
        var project = new MiniProject { SegmentTrs = trs };
        project.WritePipeline("ws");
        await MiniDatasetGenerator.GenerateAsync(project.Dataset, new MiniOptions { TrsPerSegment = trs, TrainSegments = 3, LeftVertices = 10, RightVertices = 10 }, CancellationToken.None);
        return project;
    }

    public void WritePipeline(string workspace, string extra = "", int maxParallel = 2) => File.WriteAllText(Path.Combine(Root, "pipeline.yaml"), $"""
        profile: mini
        run:
          max_parallel: {maxParallel}
        profiles:
          mini:
            workspace: {workspace}
            dataset:
              path: mini
            stages:
              slice:
                trs: {SegmentTrs}
          full:
            workspace: ws-full
            dataset:
              path: /nonexistent/cc2017
        {extra}
        """);

    /// <summary>Replaces a segment's movie with a 640×360 test pattern of <paramref name="seconds"/> s (slow enough to interrupt).</summary>
    public async Task LongMovieAsync(string segment, int seconds)
    {
        var path = Path.Combine(Dataset, "stimuli", segment + ".mp4");
        var info = new System.Diagnostics.ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size=640x360:rate=30:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path]) { UseShellExecute = false };
        using var ffmpeg = System.Diagnostics.Process.Start(info)!;
        await ffmpeg.WaitForExitAsync();
        Assert.Equal(0, ffmpeg.ExitCode);
    }

    public Task<ProcessResult> RunAsync(params string[] args) => PipelineProcess.RunAsync(Root, args);

    public IReadOnlyDictionary<string, string> ShardHashes(string workspace, string table) =>
        Directory.GetFiles(Path.Combine(Root, workspace, table), "*.parquet")
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
