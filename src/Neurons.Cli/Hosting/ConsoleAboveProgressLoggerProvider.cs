using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Neurons.Cli.Hosting;

/// <summary>
/// On a terminal, prints warnings and errors (VLM retries, open circuits, failed rows, failed work items) through
/// Spectre.Console, which draws them above the live progress bars instead of tearing them.
/// </summary>
internal sealed class ConsoleAboveProgressLoggerProvider : ILoggerProvider, ILogger
{
    private readonly LogLevel minimum;

    public ConsoleAboveProgressLoggerProvider(LogLevel minimum)
    {
        this.minimum = minimum;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var colour = logLevel >= LogLevel.Error ? "red" : "yellow";
        var label = logLevel >= LogLevel.Error ? "error" : "warning";
        AnsiConsole.MarkupLine($"[{colour}]{label}:[/] {Markup.Escape(formatter(state, exception).Split('\n')[0])}");
    }

    public void Dispose()
    {
    }
}
