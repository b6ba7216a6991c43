using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Engine.Config;
using Neurons.Stages.Fmri;
using Neurons.Stages.FmriMask;

namespace Neurons.Stages.Tests.Fmri;

public sealed class FmriOptionsTests
{
    public static TheoryData<string, Type> Stages() => new()
    {
        { "fmri", typeof(FmriOptions) },
        { "fmri_mask", typeof(FmriMaskOptions) },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Options_MatchStageYamlParamsAndDefaults(string stage, Type optionsType)
    {
        // Given the stage.yaml contract and the options record's defaults
        var definition = StageDefinitionLoader.Load(Path.Combine(RepositoryRoot(), "stages", stage, "stage.yaml"));
        var defaults = JsonSerializer.SerializeToNode(Activator.CreateInstance(optionsType), optionsType, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!.AsObject();

        // When the names and default values are compared
        var names = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order();

        // Then every parameter has a property of the same name and default, and vice versa
        Assert.Equal(definition.Parameters.Select(p => p.Name).Order(), names);
        Assert.Equal(stage, definition.Name);
        foreach (var p in definition.Parameters)
        {
            Assert.Equal(Text(p.Default), Text(defaults[p.Name]));
        }
    }

    private static string Text(object? value) => value switch
    {
        JsonArray a => "[" + string.Join(",", a.Select(Text)) + "]",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        List<object> list => "[" + string.Join(",", list.Select(Text)) + "]",
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
