using Microsoft.Extensions.Logging;

namespace Neurons.Model;

/// <summary>The log events of Neurons.Model (event ids 9000–9099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Stage-1 training of {Config} (subject {Subject}): {Parameters} trainable parameters, {Train} training clips, {Test} test clips, {Steps} steps on {Device}")]
    public static partial void TrainingStarted(ILogger logger, string config, int subject, long parameters, int train, int test, long steps, string device);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Resuming from {Checkpoint} at epoch {Epoch}, batch {Batch} (step {Step})")]
    public static partial void Resuming(ILogger logger, string checkpoint, int epoch, int batch, long step);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Epoch {Epoch}: loss {Loss:F4}, test fwd top-1 {Fwd:P1}, bwd top-1 {Bwd:P1}, text top-5 {Text:P1} (chance {Chance:P1}){Best}")]
    public static partial void EpochDone(ILogger logger, int epoch, double loss, double fwd, double bwd, double text, double chance, string best);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Debug, Message = "Checkpoint written: {Path}")]
    public static partial void CheckpointWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Training stopped after step {Step} at the caller's request")]
    public static partial void Stopped(ILogger logger, long step);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Weights loaded from {Report}")]
    public static partial void CheckpointLoaded(ILogger logger, string report);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Stage-2 training of {Config} (subject {Subject}): {Parameters} trainable parameters, {Train} training clips, {Test} test clips, {Steps} steps on {Device}")]
    public static partial void Stage2Started(ILogger logger, string config, int subject, long parameters, int train, int test, long steps, string device);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "Resuming stage 2 from {Checkpoint} at epoch {Epoch}, batch {Batch} (step {Step})")]
    public static partial void Stage2Resuming(ILogger logger, string checkpoint, int epoch, int batch, long step);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "Stage-2 epoch {Epoch}: loss {Loss:F4}, test fwd top-1 {Fwd:P1}, caption acc {Caption:P1}, concept mAP {Map:F3}, mask Dice {Dice:F3}, latent L1 {L1:F4}, prior cosine {Cosine:F3}{Best}")]
    public static partial void Stage2EpochDone(ILogger logger, int epoch, double loss, double fwd, double caption, double map, double dice, double l1, double cosine, string best);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Information, Message = "Stage-2 training stopped after step {Step} at the caller's request")]
    public static partial void Stage2Stopped(ILogger logger, long step);
}
