using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neurons.Data.Cifti;
using Neurons.Data.Fmri;

namespace Neurons.Bench.Fmri;

/// <summary>
/// Issue 4: the CIFTI reader's throughput against a plain sequential read of the same synthetic full-size run
/// (59,412 cortical vertices × 245 volumes, float32), the peak memory of reading and preprocessing it, and the
/// projected time for one subject (86 runs). The measuring is <see cref="FmriReadBenchmark"/>'s.
/// </summary>
internal static class FmriReadBench
{
    /// <summary>The cc2017 cortical vertex counts (fsLR 32k minus the medial wall): 29,696 left + 29,716 right.</summary>
    private const int Left = 29696;
    private const int Right = 29716;
    private const int SurfaceVertices = 32492;

    private static readonly string[] Structures = ["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"];

    public static BenchDefinition Definition()
    {
        var file = new Option<string?>("--file") { Description = "An existing .dtseries.nii to measure instead of the synthetic full-size run." };
        var repeats = new Option<int>("--repeats") { Description = "Repetitions of the per-run preprocessing (the median is kept).", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--read-rounds") { Description = "Alternating rounds of plain read and reader open + read (the medians are kept).", DefaultValueFactory = _ => 31 };
        return new BenchDefinition(
            "fmri-read",
            "CIFTI reader vs plain sequential read of the same file; peak memory of a preprocessed run; projection for 86 runs (issue 4).",
            [file, repeats, rounds],
            ["--repeats", "1", "--read-rounds", "5"],
            (parse, ct) => Task.FromResult(Run(parse.GetValue(file), Math.Max(1, parse.GetValue(repeats)), Math.Max(1, parse.GetValue(rounds)), ct)));
    }

    private static BenchReport Run(string? file, int repeats, int readRounds, CancellationToken cancellationToken)
    {
        var report = new BenchReport("fmri-read", "CIFTI-2 reader and per-run preprocessing");
        var scratch = file is null ? Directory.CreateTempSubdirectory("neurons-bench-fmri-") : null;
        try
        {
            var path = file ?? WriteSynthetic(Path.Combine(scratch!.FullName, "seg1_1_Atlas.dtseries.nii"));
            cancellationToken.ThrowIfCancellationRequested();

            // Peak memory is for the read + preprocessing alone: collect the generator's buffers and reset the
            // kernel's high-water mark (VmHWM) before measuring.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var reset = ResetPeakResident();
            var before = Machine.ResidentBytes();
            var result = FmriReadBenchmark.Run(path, Structures, repeats, readRounds);
            var peak = Machine.PeakResidentBytes();

            report.Rows.Add(BenchRow.Throughput("reader: open + read of the cortical rows", result.ReaderMBps, "MB/s", "plain sequential read of the whole file", result.PlainMBps, "≥ 0.7"));
            report.Rows.Add(BenchRow.Throughput("reader: open + read, process CPU time per byte (mean of the rounds)", result.CortexBytes / 1e6 / result.ReaderCpuSeconds, "MB/CPU-s", "plain sequential read, CPU time", result.FileBytes / 1e6 / result.PlainCpuSeconds, "≥ 0.7"));
            report.Rows.Add(BenchRow.Throughput("reader: read of the cortical rows, open excluded", result.ReaderDataMBps, "MB/s", "plain sequential read of the whole file", result.PlainMBps));
            report.Rows.Add(BenchRow.Figure("reader: open (NIfTI-2 header + CIFTI XML)", result.OpenSeconds * 1000, "ms"));
            report.Rows.Add(BenchRow.Figure("preprocess one run (read, trim, detrend, z-score)", result.PreprocessSeconds, "s"));
            report.Rows.Add(BenchRow.Figure("projected preprocessing of one subject (86 runs)", result.ProjectedSubjectSeconds, "s"));
            report.Rows.Add(new BenchRow("peak resident memory while reading and preprocessing", peak / 1e6, "MB", "1 GB bound of issue 4", 1000, peak / 1e6 / 1000, "< 1 (of the bound)", Machine.LoadAverage()));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"file: {(file ?? "synthetic")} {result.FileBytes / 1e6:F1} MB, {result.Rows:N0} cortical rows × {result.Volumes} volumes; plain read and reader alternated over {readRounds} rounds after {FmriReadBenchmark.WarmUps} warm-up calls of each (medians), preprocessing median of {repeats}; page cache warm (the file was just written and read)."));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"resident memory before the measurement {before / 1e6:F0} MB (runtime + libraries); peak {(reset ? "since a VmHWM reset" : "over the whole process (VmHWM reset refused)")}."));
            return report.Finish();
        }
        finally
        {
            scratch?.Delete(recursive: true);
        }
    }

    private static string WriteSynthetic(string path)
    {
        const int volumes = 245;
        var models = new List<CiftiBrainModel>
        {
            new(Structures[0], 0, Left, SurfaceVertices, Spread(Left)),
            new(Structures[1], Left, Right, SurfaceVertices, Spread(Right)),
        };
        var data = new float[(long)(Left + Right) * volumes];
        var random = new Random(4);
        var watch = Stopwatch.StartNew();
        for (var g = 0; g < Left + Right; g++)
        {
            // A slow drift plus noise per vertex, so detrending and z-scoring have work to do.
            var offset = 1000f + (100f * random.NextSingle());
            var slope = random.NextSingle() - 0.5f;
            var row = data.AsSpan(g * volumes, volumes);
            for (var t = 0; t < volumes; t++)
            {
                row[t] = offset + (slope * t) + (10f * random.NextSingle());
            }
        }

        CiftiWriter.Write(path, models, volumes, data);

        // Settle the new file (its pages clean, written back) before timing reads of it.
        using (var written = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            written.Flush(flushToDisk: true);
        }

        return path;
    }

    /// <summary>Picks <paramref name="count"/> of the 32,492 surface vertices, evenly spread, ascending.</summary>
    private static int[] Spread(int count) =>
        Enumerable.Range(0, count).Select(i => (int)((long)i * SurfaceVertices / count)).ToArray();

    private static bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
