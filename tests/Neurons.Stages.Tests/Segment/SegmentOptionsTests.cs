using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Neurons.Engine.Config;
using Neurons.Stages.Segment;

namespace Neurons.Stages.Tests.Segment;

public sealed class SegmentOptionsTests
{
    [Fact]
    public void Properties_MatchStageYamlParamsAndDefaults()
    {
        // Given the stage.yaml contract and the options record's defaults
        var definition = StageDefinitionLoader.Load(SegmentStageHarness.StageYaml);
        var defaults = new SegmentOptions();
        var properties = typeof(SegmentOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal);

        // Then every param has a property with the same default, and no property is undeclared
        Assert.Equal(definition.Parameters.Select(p => p.Name).Order(), properties.Keys.Order());
        foreach (var p in definition.Parameters)
        {
            var value = properties[p.Name].GetValue(defaults);
            var expected = p.Type switch
            {
                ParameterType.List => string.Join(",", ((IEnumerable<object>)p.Default).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))),
                ParameterType.Path => (string)p.Default,
                _ => Convert.ToString(p.Default, CultureInfo.InvariantCulture),
            };
            var actual = p.Type switch
            {
                ParameterType.List => string.Join(",", (IEnumerable<string>)value!),
                ParameterType.Path => Path.GetFullPath((string)value!, Path.GetDirectoryName(definition.File)!),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
            Assert.True(expected == actual, $"{p.Name}: stage.yaml {expected}, options {actual}");
        }
    }
}
