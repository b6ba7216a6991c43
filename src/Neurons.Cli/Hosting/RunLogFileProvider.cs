using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Neurons.Cli.Hosting;

/// <summary>
/// Writes every log event of a run (Information and above) to <c>&lt;workspace&gt;/.state/logs/run-&lt;UTC time&gt;-&lt;pid&gt;.log</c>,
/// so a run's warnings and failures can be read after the terminal is gone.
/// </summary>
internal sealed class RunLogFileProvider : ILoggerProvider
{
    private readonly StreamWriter writer;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, RunLogFileLogger> loggers = new(StringComparer.Ordinal);

    public RunLogFileProvider(string workspace, TimeProvider time)
    {
        this.time = time;
        var folder = System.IO.Path.Combine(workspace, ".state", "logs");
        Directory.CreateDirectory(folder);
        FilePath = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"run-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}.log"));
        writer = new StreamWriter(new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>Gets the log file's path.</summary>
    public string FilePath { get; }

    public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, name => new RunLogFileLogger(name, this));

    public void Dispose()
    {
        lock (gate)
        {
            writer.Dispose();
        }
    }

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {level,-11} {category}: {message}");
        lock (gate)
        {
            writer.WriteLine(line);
            if (exception is not null)
            {
                writer.WriteLine(exception.ToString());
            }
        }
    }
}
