using Microsoft.Extensions.Logging;

namespace Neurons.Annotation.Tests.Vlm;

/// <summary>Keeps formatted log lines (thread-safe).</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add($"{logLevel} {eventId.Id}: {formatter(state, exception)}");
        }
    }
}
