using System.Diagnostics;
using Neurons.Data.Cifti;

namespace Neurons.Data.Fmri;

/// <summary>
/// Measures, on one CIFTI run, a plain sequential read of the whole file, the reader's read of the cortical
/// rows, and the full per-run preprocessing (read + detrend + z-score), in the same process run, so the ratio
/// is comparable. A benchmark, not a test: call it from <c>bench/</c> or a diagnostic command.
/// </summary>
public static class FmriReadBenchmark
{
    /// <summary>Runs the three measurements <paramref name="repeats"/> times each and keeps the fastest.</summary>
    public static FmriReadBenchmarkResult Run(string path, IReadOnlyCollection<string> structures, int repeats = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var bytes = new FileInfo(path).Length;
        var buffer = new byte[1 << 20];
        var plain = double.MaxValue;
        var reader = double.MaxValue;
        var preprocess = double.MaxValue;
        var open = double.MaxValue;
        var rows = 0;
        var volumes = 0;
        for (var k = 0; k < repeats; k++)
        {
            var clock = Stopwatch.StartNew();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                while (stream.Read(buffer) > 0)
                {
                }
            }

            plain = Math.Min(plain, clock.Elapsed.TotalSeconds);

            clock.Restart();
            using (var cifti = CiftiReader.Open(path))
            {
                open = Math.Min(open, clock.Elapsed.TotalSeconds);
                var cortex = RunPreprocessor.RowsOf(cifti.Header, structures);
                rows = cortex.Length;
                volumes = cifti.Header.Volumes;
                var block = 2048;
                var data = new float[block * volumes];
                for (var first = 0; first < cortex.Length; first += block)
                {
                    var count = Math.Min(block, cortex.Length - first);
                    cifti.ReadRows(cortex[first], count, data);
                }
            }

            reader = Math.Min(reader, clock.Elapsed.TotalSeconds);

            clock.Restart();
            using (var cifti = CiftiReader.Open(path))
            {
                var cortex = RunPreprocessor.RowsOf(cifti.Header, structures);
                var (start, length) = VolumeWindow.For(path, cifti.Header.Volumes, VolumeWindow.TrimmedLength, 0);
                RunPreprocessor.Preprocess(cifti, cortex, start, length, CancellationToken.None);
            }

            preprocess = Math.Min(preprocess, clock.Elapsed.TotalSeconds);
        }

        return new FmriReadBenchmarkResult(bytes, rows, volumes, plain, open, reader, preprocess);
    }
}
