using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;

namespace Neurons.Stages.Tests;

/// <summary>
/// The work-item fingerprint the engine would give a stage's parameters (inputs aside), computed through the
/// stage's own <c>stage.yaml</c>: parameters it declares <c>operational</c> are left out, as the engine does.
/// </summary>
internal static class StageFingerprint
{
    public static string For(string stage, StageParameters parameters)
    {
        var definition = StageDefinitionLoader.Load(Path.Combine(Mini.MiniPipelineRun.RepositoryRoot(), "stages", stage, "stage.yaml"));
        var json = parameters.ToJson();
        foreach (var operational in definition.Parameters.Where(p => p.Operational))
        {
            json.Remove(operational.Name);
        }

        var provenance = new Provenance
        {
            StageVersion = definition.Version,
            Parameters = json,
            Inputs = new SortedDictionary<string, string>(StringComparer.Ordinal),
            Sources = new SortedDictionary<string, string>(StringComparer.Ordinal),
            Files = new SortedDictionary<string, string>(StringComparer.Ordinal),
        };
        return PipelineSession.Fingerprint(stage, provenance);
    }
}
