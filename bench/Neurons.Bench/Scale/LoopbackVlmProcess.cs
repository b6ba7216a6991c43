using System.Diagnostics;
using System.Globalization;
using Neurons.Testing.Vlm;

namespace Neurons.Bench.Scale;

/// <summary>
/// The tests' <see cref="LoopbackVlmServer"/> in a child process of its own (this executable's hidden
/// <c>loopback-vlm</c> command), so the requests it records do not count in the benchmarked process's memory, as a
/// real VLM server's would not. It answers every request correctly after a fixed latency.
/// </summary>
internal sealed class LoopbackVlmProcess : IDisposable
{
    /// <summary>The hidden command's name.</summary>
    public const string CommandName = "loopback-vlm";

    private readonly Process process;

    private LoopbackVlmProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    /// <summary>Gets the server's base URL.</summary>
    public string Url { get; }

    /// <summary>Starts the child and waits for the URL it prints.</summary>
    public static async Task<LoopbackVlmProcess> StartAsync(int latencyMs, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(LoopbackVlmProcess).Assembly.Location);
        }

        info.ArgumentList.Add(CommandName);
        info.ArgumentList.Add(latencyMs.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the loopback VLM process");
        var url = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (url is null || !url.StartsWith("http", StringComparison.Ordinal))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"the loopback VLM process printed '{url}' instead of its URL");
        }

        return new LoopbackVlmProcess(process, url);
    }

    /// <summary>Runs the server in this process until standard input closes (the child's side).</summary>
    public static int Serve(int latencyMs)
    {
        using var server = new LoopbackVlmServer(request => new ServerAction.Reply(LoopbackVlmServer.CorrectReply(request), latencyMs));
        Console.Out.WriteLine(server.Url);
        Console.Out.Flush();
        Console.In.ReadToEnd();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loopback VLM: {server.Requests.Count} requests, at most {server.MaxInFlight} in flight"));
        return 0;
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
        }

        process.Dispose();
    }
}
