using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Video;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Training;
using Neurons.Stages.Annotate;
using Neurons.Stages.ConceptText;
using Neurons.Stages.Concepts;
using Neurons.Stages.Decode;
using Neurons.Stages.Evaluate;
using Neurons.Stages.Generate;
using Neurons.Stages.Fmri;
using Neurons.Stages.FmriMask;
using Neurons.Stages.KeyObject;
using Neurons.Stages.Report;
using Neurons.Stages.Segment;
using Neurons.Stages.Targets;
using Neurons.Stages.Train;
using Neurons.Stages.TrainDecoupler;

namespace Neurons.Stages.Tests;

/// <summary>Keeps every stage's options records and its stage.yaml params in step: the same names and the same defaults, each parameter in exactly one record.</summary>
public sealed class StageOptionsContractTests
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static TheoryData<string, Type[]> Stages() => new()
    {
        { "slice", [typeof(SliceOptions)] },
        { "annotate", [typeof(AnnotateOptions)] },
        { "concepts", [typeof(ConceptsOptions)] },
        { "keyobject", [typeof(KeyObjectOptions)] },
        { "segment", [typeof(SegmentOptions)] },
        { "targets", [typeof(TargetsOptions)] },
        { "concept_text", [typeof(ConceptTextOptions)] },
        { "fmri_mask", [typeof(FmriMaskOptions)] },
        { "fmri", [typeof(FmriOptions)] },
        { "train", [typeof(TrainOptions), typeof(Stage1Options)] },
        { "train_decoupler", [typeof(TrainDecouplerOptions), typeof(Stage2Options)] },
        { "evaluate", [typeof(EvaluateOptions)] },
        { "decode", [typeof(DecodeOptions)] },
        { "generate", [typeof(GenerateOptions)] },
        { "report", [typeof(ReportOptions)] },
    };

    [Fact]
    public void Stages_EveryStageFolderAndImplementationIsCovered()
    {
        var covered = Stages().Select(row => (string)row[0]).Order();
        var folders = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "stages")).Where(d => File.Exists(Path.Combine(d, "stage.yaml"))).Select(Path.GetFileName).Order();
        var implementations = typeof(Neurons.Stages.Registration.StageServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => typeof(IStage).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(Name)
            .Order();

        Assert.Equal(covered, folders);
        Assert.Equal(covered, implementations);
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Options_MatchStageYamlParamsAndDefaults(string stage, Type[] optionsTypes)
    {
        // Given the stage.yaml contract and the options records bound from it
        var folder = Path.Combine(RepositoryRoot(), "stages", stage);
        var definition = StageDefinitionLoader.Load(Path.Combine(folder, "stage.yaml"));
        var defaults = new JsonObject();
        var names = new List<string>();
        foreach (var optionsType in optionsTypes)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(Activator.CreateInstance(optionsType), optionsType, SnakeCase)!.AsObject())
            {
                defaults[key] = value?.DeepClone();
            }

            names.AddRange(optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)));
        }

        var properties = names.Order();

        // Then both declare the same parameters with the same defaults (path defaults resolve against the stage folder)
        Assert.Equal(definition.Parameters.Select(p => p.Name).Order(), properties);
        foreach (var parameter in definition.Parameters)
        {
            var recordDefault = defaults[parameter.Name];
            var expected = parameter.Type == ParameterType.Path && recordDefault!.GetValue<string>() is { Length: > 0 } relative
                ? Path.GetFullPath(relative, folder)
                : Normalise(recordDefault);
            Assert.True(Normalise(parameter.Default) == expected, $"{stage}.{parameter.Name}: stage.yaml says {Normalise(parameter.Default)}, the record {expected}");
        }
    }

    private static string Name(Type stageType)
    {
        var stage = (IStage)Activator.CreateInstance(stageType)!;
        (stage as IDisposable)?.Dispose();
        return stage.Name;
    }

    private static string Normalise(object? value) => value switch
    {
        null => string.Empty,
        JsonArray array => "[" + string.Join(",", array.Select(Normalise)) + "]",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => Number(v.ToString()),
        bool b => b ? "true" : "false",
        IEnumerable<object> list => "[" + string.Join(",", list.Select(Normalise)) + "]",
        _ => Number(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static string Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : text;

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
