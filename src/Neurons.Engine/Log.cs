using Microsoft.Extensions.Logging;

namespace Neurons.Engine;

/// <summary>The engine's log events (ids 100–199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Running {Item}: {Reason}")]
    public static partial void ItemStarted(ILogger logger, string item, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Committed {Item}: {Rows} rows in {Seconds:F1} s")]
    public static partial void ItemCommitted(ILogger logger, string item, long rows, double seconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Failed {Item}: {Error}")]
    public static partial void ItemFailed(ILogger logger, string item, string error);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Failure detail of {Item}")]
    public static partial void ItemFailureDetail(ILogger logger, string item, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Removed {Count} temporary files left by an interrupted run")]
    public static partial void RemovedTemporaryFiles(ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Teardown of stage {Stage} failed")]
    public static partial void TeardownFailed(ILogger logger, string stage, Exception exception);
}
