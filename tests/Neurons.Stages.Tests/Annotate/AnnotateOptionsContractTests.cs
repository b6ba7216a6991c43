using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Annotate;

namespace Neurons.Stages.Tests.Annotate;

public sealed class AnnotateOptionsContractTests
{
    [Fact]
    public void PromptsDefault_IsTheRepositoryPromptsFolder()
    {
        // Given the resolved default of the prompts parameter
        var prompts = (string)AnnotateWorkItem.Defaults()["prompts"];

        // When / Then it is the repository's prompts/ folder, holding the four prompt files
        Assert.Equal(Path.Combine(AnnotateWorkItem.RepositoryRoot(), "prompts"), prompts);
        Assert.All(
            new[] { "caption.yaml", "caption.schema.json", "objects.yaml", "objects.schema.json" },
            f => Assert.True(File.Exists(Path.Combine(prompts, f)), f));
    }

    [Fact]
    public void Bind_FromStageYamlDefaults_GivesTheRecordDefaults()
    {
        // Given the parameters as the engine passes them (stage.yaml defaults, typed)
        var parameters = new StageParameters(AnnotateWorkItem.Defaults());

        // When they are bound
        var options = parameters.Bind<AnnotateOptions>();

        // Then every value equals the record's default except the resolved prompts path
        Assert.Equal(new AnnotateOptions() with { Prompts = options.Prompts }, options);
    }

    private static string Text(object? value) => value switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IConvertible c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty,
        _ => value?.ToString() ?? string.Empty,
    };
}
