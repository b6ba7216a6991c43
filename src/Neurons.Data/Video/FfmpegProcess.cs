using System.Diagnostics;

namespace Neurons.Data.Video;

/// <summary>
/// One running <c>ffmpeg</c> (started through <see cref="ChildProcesses"/>, so it dies with the pipeline) whose
/// raw video goes through its standard output or input; its log is drained and the last lines kept for errors.
/// Cancellation kills it at once; disposing kills it when it is still running.
/// </summary>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> lastError;
    private readonly CancellationTokenRegistration registration;

    private FfmpegProcess(Process process, CancellationToken cancellationToken)
    {
        this.process = process;
        lastError = DrainAsync(process.StandardError);
        registration = cancellationToken.Register(() => ChildProcesses.Kill(process));
    }

    /// <summary>Gets ffmpeg's standard output.</summary>
    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Gets ffmpeg's standard input (when started with <c>writeInput</c>).</summary>
    public Stream Input => process.StandardInput.BaseStream;

    /// <summary>Starts ffmpeg with <paramref name="arguments"/> (after <c>-hide_banner -loglevel error</c>).</summary>
    public static async Task<FfmpegProcess> StartAsync(IEnumerable<string> arguments, bool writeInput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var process = await ChildProcesses.StartAsync("ffmpeg", new[] { "-hide_banner", "-loglevel", "error" }.Concat(arguments), writeInput).ConfigureAwait(false);
        return new FfmpegProcess(process, cancellationToken);
    }

    /// <summary>Waits for ffmpeg to exit; returns its exit code and the last line it logged.</summary>
    public async Task<(int ExitCode, string LastError)> WaitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        ChildProcesses.Release(process);
        return (process.ExitCode, await lastError.ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await registration.DisposeAsync().ConfigureAwait(false);
        ChildProcesses.Kill(process);
        try
        {
            await lastError.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the log pipe broke when ffmpeg was killed
        }

        process.Dispose();
    }

    private static async Task<string> DrainAsync(StreamReader reader)
    {
        var last = "no output";
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                last = line.Trim();
            }
        }

        return last;
    }
}
