namespace Neurons.Data.Fmri;

/// <summary>The figures of <see cref="FmriReadBenchmark"/>.</summary>
/// <param name="FileBytes">The run's size in bytes.</param>
/// <param name="Rows">The cortical rows read.</param>
/// <param name="Volumes">The volumes per row.</param>
/// <param name="PlainSeconds">A plain sequential read of the whole file.</param>
/// <param name="OpenSeconds">Opening the file: header, XML extension (vertex lists) and validation.</param>
/// <param name="ReaderSeconds">Open plus the reader's read of the cortical rows (converted to float).</param>
/// <param name="PreprocessSeconds">Read + trim + detrend + z-score of the cortical rows.</param>
public sealed record FmriReadBenchmarkResult(long FileBytes, int Rows, int Volumes, double PlainSeconds, double OpenSeconds, double ReaderSeconds, double PreprocessSeconds)
{
    /// <summary>Gets the process CPU time of one plain read (all threads; mean over the timed rounds), or 0 when not measured.</summary>
    public double PlainCpuSeconds { get; init; }

    /// <summary>Gets the process CPU time of one reader open + read (all threads; mean over the timed rounds), or 0 when not measured.</summary>
    public double ReaderCpuSeconds { get; init; }

    /// <summary>Gets the reader's throughput relative to the plain read in CPU time (bytes per CPU second), or 0 when not measured.</summary>
    public double CpuRatio => ReaderCpuSeconds > 0 && PlainCpuSeconds > 0 ? CortexBytes / ReaderCpuSeconds / (FileBytes / PlainCpuSeconds) : 0;

    /// <summary>Gets the bytes the reader had to read (cortical rows × volumes × 4).</summary>
    public long CortexBytes => (long)Rows * Volumes * 4;

    /// <summary>Gets the plain read's throughput in MB/s.</summary>
    public double PlainMBps => FileBytes / 1e6 / PlainSeconds;

    /// <summary>Gets the reader's throughput in MB/s (of the bytes it read).</summary>
    public double ReaderMBps => CortexBytes / 1e6 / ReaderSeconds;

    /// <summary>Gets the reader's throughput excluding the open, in MB/s.</summary>
    public double ReaderDataMBps => CortexBytes / 1e6 / Math.Max(1e-9, ReaderSeconds - OpenSeconds);

    /// <summary>Gets the reader's throughput relative to the plain read (the issue aims at ≥ 0.7).</summary>
    public double Ratio => ReaderMBps / PlainMBps;

    /// <summary>Projects the preprocessing time of one cc2017 subject (86 runs) from this run.</summary>
    public double ProjectedSubjectSeconds => 86 * PreprocessSeconds;
}
