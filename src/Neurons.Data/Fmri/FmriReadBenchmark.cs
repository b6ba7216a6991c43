using System.Diagnostics;
using Neurons.Data.Cifti;

namespace Neurons.Data.Fmri;

/// <summary>
/// Measures, on one CIFTI run, a plain sequential read of the whole file, the reader's open and read of the cortical
/// rows, and the full per-run preprocessing (read + detrend + z-score), in the same process run, so the ratio
/// is comparable. A benchmark, not a test: call it from <c>bench/</c> or a diagnostic command.
/// </summary>
public static class FmriReadBenchmark
{
    /// <summary>Warm-up calls of each side before timing (tiered compilation promotes a method after 30 calls).</summary>
    public const int WarmUps = 40;

    private const int Block = 2048;

    /// <summary>
    /// After <see cref="WarmUps"/> warm-up calls of each (both sides then read from a warm page cache, and the reader's
    /// code is past tiered compilation), alternates the plain read and the reader's open + read
    /// <paramref name="readRounds"/> times (A, B, A, B, …) and keeps the medians, and the process CPU time each side
    /// used (less sensitive to other processes' load than wall time); then preprocesses the run
    /// <paramref name="repeats"/> times and keeps the median.
    /// </summary>
    public static FmriReadBenchmarkResult Run(string path, IReadOnlyCollection<string> structures, int repeats = 3, int readRounds = 15)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(readRounds, 1);
        var bytes = new FileInfo(path).Length;
        var buffer = new byte[1 << 20];
        int rows, volumes;
        using (var probe = CiftiReader.Open(path))
        {
            rows = RunPreprocessor.RowsOf(probe.Header, structures).Length;
            volumes = probe.Header.Volumes;
        }

        // Both sides read into a buffer allocated once, outside the timing.
        var data = new float[Block * volumes];
        for (var k = 0; k < WarmUps; k++)
        {
            PlainRead(path, buffer);
            ReaderRead(path, structures, data);
        }

        var plain = new List<double>(readRounds);
        var reader = new List<double>(readRounds);
        var open = new List<double>(readRounds);
        TimeSpan plainCpu = TimeSpan.Zero, readerCpu = TimeSpan.Zero;
        for (var k = 0; k < readRounds; k++)
        {
            var cpu = CpuTime();
            plain.Add(PlainRead(path, buffer));
            var between = CpuTime();
            var (o, total) = ReaderRead(path, structures, data);
            readerCpu += CpuTime() - between;
            plainCpu += between - cpu;
            open.Add(o);
            reader.Add(total);
        }

        var preprocess = new List<double>(repeats);
        for (var k = 0; k < repeats; k++)
        {
            var clock = Stopwatch.StartNew();
            using (var cifti = CiftiReader.Open(path))
            {
                var cortex = RunPreprocessor.RowsOf(cifti.Header, structures);
                var (start, length) = VolumeWindow.For(path, cifti.Header.Volumes, VolumeWindow.TrimmedLength, 0);
                RunPreprocessor.Preprocess(cifti, cortex, start, length, CancellationToken.None);
            }

            preprocess.Add(clock.Elapsed.TotalSeconds);
        }

        return new FmriReadBenchmarkResult(bytes, rows, volumes, Median(plain), Median(open), Median(reader), Median(preprocess))
        {
            PlainCpuSeconds = plainCpu.TotalSeconds / readRounds,
            ReaderCpuSeconds = readerCpu.TotalSeconds / readRounds,
        };
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double PlainRead(string path, byte[] buffer)
    {
        var clock = Stopwatch.StartNew();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            while (stream.Read(buffer) > 0)
            {
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static (double Open, double Total) ReaderRead(string path, IReadOnlyCollection<string> structures, float[] data)
    {
        var clock = Stopwatch.StartNew();
        using var cifti = CiftiReader.Open(path);
        var open = clock.Elapsed.TotalSeconds;
        var cortex = RunPreprocessor.RowsOf(cifti.Header, structures);
        for (var first = 0; first < cortex.Length; first += Block)
        {
            var count = Math.Min(Block, cortex.Length - first);
            cifti.ReadRows(cortex[first], count, data);
        }

        return (open, clock.Elapsed.TotalSeconds);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
