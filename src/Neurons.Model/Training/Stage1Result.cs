using Neurons.Model.Brain;

namespace Neurons.Model.Training;

/// <summary>The outcome of <see cref="Stage1Trainer.Train"/>.</summary>
/// <param name="Completed">Whether every epoch ran (false when stopped early by the caller's hook).</param>
/// <param name="History">One row per completed epoch.</param>
/// <param name="LastCheckpoint">The newest step checkpoint, or null.</param>
/// <param name="BestCheckpoint">The best checkpoint, or null before the first evaluation.</param>
/// <param name="Model">The model in its final state (caller disposes).</param>
/// <param name="StepsRun">Optimiser steps run by this call (not counting those restored from a checkpoint).</param>
/// <param name="DataWait">Time this call's steps waited for data.</param>
/// <param name="StepTime">Time this call spent in training steps (data wait included).</param>
public sealed record Stage1Result(
    bool Completed,
    IReadOnlyList<TrainingRow> History,
    string? LastCheckpoint,
    string? BestCheckpoint,
    NeuronsBrainModel Model,
    long StepsRun,
    TimeSpan DataWait,
    TimeSpan StepTime);
