using System.Globalization;
using System.Text.RegularExpressions;
using Neurons.Files;
using Neurons.Model.IO;
using static TorchSharp.torch;

namespace Neurons.Model.Checkpoints;

/// <summary>
/// A folder of training checkpoints: <c>step-&lt;global step:D9&gt;.safetensors</c> (each one file, committed by
/// temp file + fsync + rename, so a crash leaves either the old set or the new one; a killed run's temp file is
/// removed by the next save, or by the engine at the next run's start) plus <c>best.safetensors</c>.
/// Keeps the last <see cref="KeepLast"/> step checkpoints.
/// </summary>
public sealed partial class CheckpointStore
{
    /// <summary>Initializes a new instance of the <see cref="CheckpointStore"/> class.</summary>
    public CheckpointStore(string directory, int keepLast)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        Directory = directory;
        KeepLast = keepLast;
    }

    /// <summary>Gets the folder.</summary>
    public string Directory { get; }

    /// <summary>Gets how many step checkpoints are kept.</summary>
    public int KeepLast { get; }

    /// <summary>Gets the path of the best checkpoint (may not exist).</summary>
    public string BestPath => Path.Combine(Directory, "best.safetensors");

    /// <summary>Returns the committed step checkpoints, oldest first.</summary>
    public IReadOnlyList<(long Step, string Path)> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "step-*.safetensors")
            .Select(p => (Match: StepName().Match(Path.GetFileName(p)), Path: p))
            .Where(x => x.Match.Success)
            .Select(x => (long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Path))
            .OrderBy(x => x.Item1)
            .ToList();
    }

    /// <summary>Returns the newest step checkpoint, or null.</summary>
    public string? Latest() => List().LastOrDefault().Path;

    /// <summary>Writes a step checkpoint atomically and prunes old ones; returns its path.</summary>
    public string Save(long step, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var path = Path.Combine(Directory, $"step-{step.ToString("D9", CultureInfo.InvariantCulture)}.safetensors");
        DeleteStaleTemporaryFiles();
        SafeTensors.Save(path, tensors, metadata);
        foreach (var (_, old) in List().SkipLast(KeepLast))
        {
            File.Delete(old);
        }

        return path;
    }

    /// <summary>Copies a committed checkpoint to <see cref="BestPath"/> atomically.</summary>
    public void MarkBest(string checkpointPath)
    {
        var tmp = TempOwner.Name(BestPath);
        try
        {
            File.Copy(checkpointPath, tmp, overwrite: true);
            using (var fs = new FileStream(tmp, FileMode.Open, FileAccess.ReadWrite))
            {
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, BestPath, overwrite: true);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    /// <summary>
    /// Removes the temporary checkpoint files (<c>*.safetensors.tmp-&lt;host&gt;_&lt;pid&gt;…</c>, model-sized) that a killed
    /// run left in this folder, once their owner is provably dead; returns how many.
    /// </summary>
    public int DeleteStaleTemporaryFiles() =>
        System.IO.Directory.Exists(Directory) ? TempOwner.DeleteStale(Directory, final => final.EndsWith(".safetensors", StringComparison.Ordinal)) : 0;

    [GeneratedRegex(@"^step-(\d+)\.safetensors$")]
    private static partial Regex StepName();
}
