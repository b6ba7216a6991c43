using Microsoft.Extensions.Logging;

namespace Neurons.Evaluation;

/// <summary>Log events of the evaluation library (event ids 10000–10099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 10000, Level = LogLevel.Information, Message = "Loaded {Model} from {Path} (input {Input} {InputShape}, output {Output})")]
    public static partial void ModelLoaded(ILogger logger, string model, string path, string input, string inputShape, string output);
}
