using Neurons.Engine.Stages;

namespace Neurons.Engine.Config;

/// <summary>Applies the configuration's overrides to each stage's defaults, refusing unknown stages and parameters.</summary>
public static class StageParameterResolver
{
    /// <summary>Returns the effective parameters of every stage.</summary>
    public static IReadOnlyDictionary<string, StageParameters> Resolve(StageCatalog catalog, PipelineConfig config)
    {
        foreach (var (stage, overrides) in config.StageOverrides)
        {
            if (!catalog.TryGet(stage, out _))
            {
                var origin = overrides.Values.First();
                var key = origin.File == "environment" ? origin.Key : $"{origin.Key[..origin.Key.LastIndexOf('.')]}";
                throw new ConfigException(origin.File, key, $"unknown stage '{stage}' (known: {string.Join(", ", catalog.Stages.Select(s => s.Name))})");
            }
        }

        var result = new Dictionary<string, StageParameters>(StringComparer.Ordinal);
        foreach (var stage in catalog.Stages)
        {
            var overrides = config.StageOverrides.GetValueOrDefault(stage.Name) ?? new Dictionary<string, ConfigValue>();
            foreach (var (name, value) in overrides)
            {
                if (stage.Parameters.All(p => p.Name != name))
                {
                    var known = stage.Parameters.Count == 0 ? "it has none" : "known: " + string.Join(", ", stage.Parameters.Select(p => p.Name));
                    throw new ConfigException(value.File, value.Key, $"unknown parameter of stage '{stage.Name}' ({known})");
                }
            }

            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            var origins = new Dictionary<string, (string File, string Key)>(StringComparer.Ordinal);
            foreach (var parameter in stage.Parameters)
            {
                if (overrides.TryGetValue(parameter.Name, out var value))
                {
                    values[parameter.Name] = ParameterValues.Convert(parameter, value.Raw, value.File, value.Key, config.BaseDirectory);
                    origins[parameter.Name] = (value.File, value.Key);
                }
                else
                {
                    values[parameter.Name] = parameter.Default;
                }
            }

            result[stage.Name] = new StageParameters(values, origins);
        }

        return result;
    }
}
