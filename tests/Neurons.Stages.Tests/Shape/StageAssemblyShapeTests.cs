using System.Reflection;
using System.Runtime.CompilerServices;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Shape;

/// <summary>
/// Enforces docs/architecture.md, "Stage folders hold glue only": each stage folder holds its stage.yaml, one stage
/// class, its options records and small helpers (line limits), names no other stage's namespace, and the stage
/// assembly exposes nothing but stage classes and options records.
/// </summary>
public sealed class StageAssemblyShapeTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("stage-shape-").FullName;

    public static TheoryData<string> StageFolders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Folders())
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StageFolders))]
    public void StageFolder_HoldsGlueOnly(string stage)
    {
        // Given the stage's folder, When its files are checked, Then nothing breaks the rule
        Assert.Empty(StageFolderRules.FileViolations(Path.Combine(StagesRoot(), stage)));
    }

    [Theory]
    [MemberData(nameof(StageFolders))]
    public void StageFolder_NamesNoOtherStageNamespace(string stage)
    {
        // Given every stage folder's namespace and this stage's code: list
        var folder = Path.Combine(StagesRoot(), stage);
        var namespaces = Folders().Select(StageFolderRules.Namespace).OfType<string>().ToList();
        var code = StageDefinitionLoader.Load(Path.Combine(folder, "stage.yaml")).Code;

        // When / Then its sources name only its own namespace and the shared glue (declared under code:)
        Assert.Empty(StageFolderRules.ReferenceViolations(folder, namespaces, code));
    }

    [Fact]
    public void StageAssembly_ExposesOnlyStageClassesAndOptionsRecords()
    {
        // Given the types the stage assembly declares in the stage folders' namespaces and in stages/Shared
        var namespaces = Folders().Select(StageFolderRules.Namespace).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var types = typeof(Registration.StageServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && t.Namespace is not null)
            .ToList();
        var problems = new List<string>();
        foreach (var ns in namespaces)
        {
            var inNamespace = types.Where(t => t.Namespace == ns).ToList();
            var stages = inNamespace.Where(t => typeof(IStage).IsAssignableFrom(t)).ToList();
            if (stages.Count != 1)
            {
                problems.Add($"{ns}: {stages.Count} IStage implementations, not one");
            }

            problems.AddRange(inNamespace
                .Where(t => t.IsPublic && !typeof(IStage).IsAssignableFrom(t) && !IsOptionsRecord(t))
                .Select(t => $"{t.FullName}: public, but only the stage class and its options records are; make it internal or move it into a library"));
        }

        // When / Then the shared glue is internal, and every stage namespace has its one public stage and options only
        problems.AddRange(types.Where(t => t.Namespace == StageFolderRules.SharedNamespace && t.IsPublic).Select(t => $"{t.FullName}: stages/Shared holds internal glue only"));
        Assert.Empty(problems);
    }

    [Fact]
    public void Rules_WhenAFolderBreaksThem_NameEachViolation()
    {
        // Given a stage folder with a too-long stage class, a too-long helper, a stray file, a reference to another
        // stage's namespace and a use of the shared glue without declaring it
        var folder = Directory.CreateDirectory(Path.Combine(scratch, "bad")).FullName;
        File.WriteAllText(Path.Combine(folder, "stage.yaml"), "name: bad\n");
        File.WriteAllText(Path.Combine(folder, "notes.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "BadOptions.cs"), "namespace Neurons.Stages.Bad;\n");
        File.WriteAllText(
            Path.Combine(folder, "BadStage.cs"),
            "using Neurons.Stages.Train;\nusing Neurons.Stages.Shared;\nnamespace Neurons.Stages.Bad;\n" + string.Concat(Enumerable.Repeat("// line\n", StageFolderRules.StageClassLines)));
        File.WriteAllText(Path.Combine(folder, "Loader.cs"), "namespace Neurons.Stages.Bad;\n" + string.Concat(Enumerable.Repeat("// line\n", StageFolderRules.HelperLines)));

        // When the rules check it
        var files = StageFolderRules.FileViolations(folder);
        var references = StageFolderRules.ReferenceViolations(folder, ["Neurons.Stages.Train", "Neurons.Stages.Bad"], []);

        // Then each violation is named
        Assert.Equal(
            [
                "bad/notes.json: a stage folder holds stage.yaml, data .yaml files and C# glue only",
                $"bad/BadStage.cs: {StageFolderRules.StageClassLines + 3} lines; a stage class has at most {StageFolderRules.StageClassLines} (move loaders, numerics and rendering into a library)",
                $"bad/Loader.cs: {StageFolderRules.HelperLines + 1} lines; a helper has at most {StageFolderRules.HelperLines} (a longer one belongs in a library)",
                $"bad: {StageFolderRules.StageClassLines + StageFolderRules.HelperLines + 4} lines of C# beside its options; a stage folder has at most {StageFolderRules.FolderLines}",
            ],
            files);
        Assert.Equal(
            [
                "bad/BadStage.cs: names Neurons.Stages.Train, another stage's code; a stage uses libraries and stages/Shared only",
                "bad: uses Neurons.Stages.Shared but its stage.yaml does not list stages/Shared under code: (its fingerprint would miss that code)",
            ],
            references);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static bool IsOptionsRecord(Type type) =>
        type.Name.EndsWith("Options", StringComparison.Ordinal) && type.GetMethod("<Clone>$") is not null;

    private static IEnumerable<string> Folders() =>
        Directory.GetDirectories(StagesRoot()).Where(d => File.Exists(Path.Combine(d, "stage.yaml"))).Order(StringComparer.Ordinal);

    private static string StagesRoot() => Path.Combine(Mini.MiniPipelineRun.RepositoryRoot(), "stages");
}
