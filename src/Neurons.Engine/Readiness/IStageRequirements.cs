using Neurons.Engine.Stages;

namespace Neurons.Engine.Readiness;

/// <summary>
/// What one stage needs before it can run, declared once and checked by <c>pipeline doctor</c> (every selected stage)
/// and by <c>pipeline run</c> (the stages it is about to run). Implementations live outside the stage's own folder
/// (<c>stages/Readiness/</c>): a stage's folder is part of its code identity, and declaring what it needs must not
/// make its shards stale.
/// </summary>
public interface IStageRequirements
{
    /// <summary>Gets the stage's name, as in its <c>stage.yaml</c>.</summary>
    string Stage { get; }

    /// <summary>Returns what the stage needs with these effective (already validated) parameters.</summary>
    IReadOnlyList<StageRequirement> Of(StageParameters parameters);
}
