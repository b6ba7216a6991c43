using System.Text.Json.Nodes;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Cli.Reporting;

/// <summary>
/// The stage contracts as JSON for scripts: each stage's shape (scope, splits, tables, sources) and every parameter with
/// its effective value (the <c>stage.yaml</c> default overridden by <c>pipeline.yaml</c>, its profile and the
/// environment, resolved exactly as <c>pipeline run</c> resolves them), its default and where the value came from.
/// </summary>
internal static class StagesJson
{
    /// <param name="catalog">The stage contracts.</param>
    /// <param name="config">The configuration whose overrides apply, or null for the defaults alone.</param>
    public static JsonObject Build(StageCatalog catalog, PipelineConfig? config)
    {
        var effective = config is null ? null : StageParameterResolver.Resolve(catalog, config);
        var stages = new JsonArray();
        foreach (var stage in catalog.Stages)
        {
            var defaults = new StageParameters(stage.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal)).ToJson();
            var values = effective?[stage.Name] ?? new StageParameters(stage.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal));
            var valueJson = values.ToJson();
            var parameters = new JsonObject();
            foreach (var parameter in stage.Parameters)
            {
                var (file, key) = values.Origin(parameter.Name, stage);
                parameters[parameter.Name] = new JsonObject
                {
                    ["value"] = valueJson[parameter.Name]?.DeepClone(),
                    ["default"] = defaults[parameter.Name]?.DeepClone(),
                    ["type"] = parameter.Type.ToString().ToLowerInvariant(),
                    ["operational"] = parameter.Operational,
                    ["from"] = $"{file}: {key}",
                    ["doc"] = parameter.Doc,
                };
            }

            stages.Add(new JsonObject
            {
                ["name"] = stage.Name,
                ["version"] = stage.Version,
                ["description"] = stage.Description,
                ["scope"] = stage.Scope.ToString().ToLowerInvariant(),
                ["splits"] = Strings(stage.Splits),
                ["inputs"] = Strings(stage.Inputs),
                ["outputs"] = Strings(stage.Outputs),
                ["sources"] = Strings(stage.Sources),
                ["concurrency"] = stage.Concurrency,
                ["parameters"] = parameters,
            });
        }

        return new JsonObject
        {
            ["config"] = config?.File,
            ["profile"] = config?.Profile,
            ["stages"] = stages,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
