using Neurons.Model.Decoupled;

namespace Neurons.Model.Training;

/// <summary>The outcome of <see cref="Stage2Trainer.Train"/>.</summary>
/// <param name="Completed">Whether every epoch ran (false when stopped early by the caller's hook).</param>
/// <param name="History">One row per completed epoch.</param>
/// <param name="Baselines">The named trivial baselines of the data.</param>
/// <param name="LastCheckpoint">The newest step checkpoint, or null.</param>
/// <param name="BestCheckpoint">The best checkpoint, or null before the first evaluation.</param>
/// <param name="Model">The model in its final state (caller disposes).</param>
/// <param name="StepsRun">Optimiser steps run by this call (not counting those restored from a checkpoint).</param>
/// <param name="StepTime">Time this call spent in training steps.</param>
public sealed record Stage2Result(
    bool Completed,
    IReadOnlyList<DecouplerTrainingRow> History,
    Stage2Baselines Baselines,
    string? LastCheckpoint,
    string? BestCheckpoint,
    NeuronsDecoupledModel Model,
    long StepsRun,
    TimeSpan StepTime);
