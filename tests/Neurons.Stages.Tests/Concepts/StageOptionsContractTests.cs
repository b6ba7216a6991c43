using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Engine.Config;
using Neurons.Stages.Concepts;
using Neurons.Stages.KeyObject;

namespace Neurons.Stages.Tests.Concepts;

public sealed class StageOptionsContractTests
{
    public static TheoryData<string, Type> Stages() => new()
    {
        { "concepts", typeof(ConceptsOptions) },
        { "keyobject", typeof(KeyObjectOptions) },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Options_MatchStageYamlParamsAndDefaults(string stage, Type optionsType)
    {
        // Given the stage.yaml contract and the options record
        var folder = Path.Combine(RepositoryRoot(), "stages", stage);
        var definition = StageDefinitionLoader.Load(Path.Combine(folder, "stage.yaml"));
        var defaults = JsonSerializer.SerializeToNode(Activator.CreateInstance(optionsType), optionsType, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!.AsObject();

        // When property names and defaults are compared with the declared params
        var names = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order();

        // Then they are the same set with the same defaults
        Assert.Equal(stage, definition.Name);
        Assert.Equal(definition.Parameters.Select(p => p.Name).Order(), names);
        foreach (var p in definition.Parameters)
        {
            // path defaults are resolved against the stage folder by the loader
            var expected = p.Type == ParameterType.Path ? Path.GetFullPath(defaults[p.Name]!.GetValue<string>(), folder) : Text(defaults[p.Name]);
            Assert.Equal(Text(p.Default), expected);
        }

        // And the path defaults point at files that exist
        Assert.All(definition.Parameters.Where(p => p.Type == ParameterType.Path), p => Assert.True(File.Exists((string)p.Default), (string)p.Default));
    }

    private static string Text(object? value) => value switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        IConvertible c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty,
        _ => value?.ToString() ?? string.Empty,
    };

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
