using Microsoft.Extensions.Logging;

namespace Neurons.Cli.Hosting;

/// <summary>One category's logger of <see cref="RunLogFileProvider"/>.</summary>
internal sealed class RunLogFileLogger : ILogger
{
    private readonly string category;
    private readonly RunLogFileProvider provider;

    public RunLogFileLogger(string category, RunLogFileProvider provider)
    {
        this.category = category;
        this.provider = provider;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
