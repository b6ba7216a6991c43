using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using Neurons.Data.Tables;
using Neurons.Data.Video;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline bench slice</c>: slicing throughput against the physical limit measured in the same run,
/// bare ffmpeg decoding and scaling the same movie to raw frames (and decoding alone, for reference).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var movie = new Option<string?>("--movie") { Description = "Movie to slice (default: a synthetic 1280x720 30-fps test movie made with ffmpeg)." };
        var seconds = new Option<int>("--seconds") { Description = "Length of the synthetic movie in seconds.", DefaultValueFactory = _ => 120 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions of each variant (the median is reported).", DefaultValueFactory = _ => 3 };
        var slice = new Command("slice", "Benchmark the slice stage against bare ffmpeg decoding + scaling of the same movie.");
        slice.Options.Add(movie);
        slice.Options.Add(seconds);
        slice.Options.Add(repeat);
        slice.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var scratch = Directory.CreateTempSubdirectory("neurons-bench-");
            try
            {
                var path = parse.GetValue(movie) ?? await MakeMovieAsync(scratch.FullName, parse.GetValue(seconds), cancellationToken).ConfigureAwait(false);
                return await BenchSliceAsync(path, Math.Max(1, parse.GetValue(repeat)), scratch.FullName, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }));
        var command = new Command("bench", "Measure throughput against the physical limit in the same run.");
        command.Subcommands.Add(slice);
        return command;
    }

    private static async Task<string> MakeMovieAsync(string folder, int seconds, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "bench.mp4");
        AnsiConsole.WriteLine($"making a {seconds} s 1280x720 30-fps H.264 test movie...");
        await FFMpegArguments
            .FromFileInput($"testsrc2=size=1280x720:rate=30:duration={seconds}", verifyExists: false, o => o.WithCustomArgument("-f lavfi"))
            .OutputToFile(path, overwrite: true, o => o.WithVideoCodec("libx264").WithCustomArgument("-preset veryfast -pix_fmt yuv420p"))
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return path;
    }

    private static async Task<int> BenchSliceAsync(string path, int repeat, string scratch, CancellationToken cancellationToken)
    {
        var probe = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var trs = (int)Math.Floor(probe.Duration.TotalSeconds / 2.0);
        var options = new SliceOptions { Trs = trs };
        var filter = ClipSlicer.Filter(options, resampleTo30Fps: false);

        async Task<double> Time(Func<Task> action)
        {
            var samples = new List<double>();
            for (var i = 0; i < repeat; i++)
            {
                var watch = Stopwatch.StartNew();
                await action().ConfigureAwait(false);
                samples.Add(watch.Elapsed.TotalSeconds);
            }

            return samples.Order().ElementAt(samples.Count / 2);
        }

        Task Bare(string args) => FFMpegArguments.FromFileInput(path)
            .OutputToFile("/dev/null", overwrite: true, o => o.WithCustomArgument(args))
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: true, cancellationToken: cancellationToken);

        var decodeOnly = await Time(() => Bare("-f null")).ConfigureAwait(false);
        var bare = await Time(() => Bare($"-vf \"{filter}\" -fps_mode passthrough -pix_fmt rgb24 -f rawvideo")).ConfigureAwait(false);
        var ours = await Time(async () =>
        {
            var output = Path.Combine(scratch, "clips.parquet");
            var writer = new ParquetRowWriter<ClipRow>(output, options.RowGroup);
            await using (writer.ConfigureAwait(false))
            {
                await ClipSlicer.SliceAsync(path, "seg1", "train", options, writer.AddAsync, null, cancellationToken).ConfigureAwait(false);
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var table = new Table().AddColumns("variant", "seconds (median)", "clips/s", "ratio to bare ffmpeg");
        void Row(string name, double s) => table.AddRow(
            name,
            s.ToString("F2", CultureInfo.InvariantCulture),
            (trs / s).ToString("F1", CultureInfo.InvariantCulture),
            (bare / s).ToString("F2", CultureInfo.InvariantCulture));
        Row("ffmpeg decode only (-f null)", decodeOnly);
        Row("ffmpeg decode + select + scale to raw RGB (the limit)", bare);
        Row("slice stage (pipe + clips + Parquet)", ours);
        AnsiConsole.WriteLine($"movie: {path} ({probe.PrimaryVideoStream?.Width}x{probe.PrimaryVideoStream?.Height}, {probe.Duration.TotalSeconds:F0} s, {trs} clips), {repeat} runs each, {Environment.ProcessorCount} cores");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slicing throughput / bare ffmpeg throughput = {bare / ours:F2}"));
        return ExitCodes.Success;
    }
}
