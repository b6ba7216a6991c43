using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary><c>slice</c> probes and decodes the movies with ffprobe and ffmpeg.</summary>
internal sealed class SliceRequirements : IStageRequirements
{
    public string Stage => "slice";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters) => [.. Needs.Ffmpeg(string.Empty, probe: true)];
}
