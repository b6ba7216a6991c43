using System.Text.RegularExpressions;

namespace Neurons.Stages.Tests.Shape;

/// <summary>
/// The rule of docs/architecture.md ("Stage folders hold glue only") over source folders: what a stage folder may
/// hold, how long its files may be, and which stage namespaces its code may name. Each check returns one line per
/// violation, so a test can show that a folder breaking the rule is caught.
/// </summary>
internal static partial class StageFolderRules
{
    /// <summary>The most lines the stage class file may have.</summary>
    public const int StageClassLines = 300;

    /// <summary>The most lines any other helper file may have.</summary>
    public const int HelperLines = 120;

    /// <summary>The most lines of C# a folder may hold beside its options records.</summary>
    public const int FolderLines = 400;

    /// <summary>The folder of glue shared by several stages (each declares it under <c>code:</c>).</summary>
    public const string SharedNamespace = "Neurons.Stages.Shared";

    /// <summary>Returns the namespace every C# file of a folder declares (null when none or more than one).</summary>
    public static string? Namespace(string folder)
    {
        var names = Directory.GetFiles(folder, "*.cs")
            .Select(f => NamespaceLine().Match(File.ReadAllText(f)))
            .Select(m => m.Success ? m.Groups[1].Value : string.Empty)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return names.Count == 1 && names[0].Length > 0 ? names[0] : null;
    }

    /// <summary>Checks one stage folder's entries, files and line counts.</summary>
    public static List<string> FileViolations(string folder)
    {
        var name = Path.GetFileName(folder);
        var problems = new List<string>();
        foreach (var dir in Directory.GetDirectories(folder).Select(Path.GetFileName).Where(d => d is not ("fixtures" or "bin" or "obj")))
        {
            problems.Add($"{name}/{dir}/: a stage folder holds no sub-folder but fixtures/");
        }

        foreach (var file in Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => !f!.EndsWith(".cs", StringComparison.Ordinal) && !f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            problems.Add($"{name}/{file}: a stage folder holds stage.yaml, data .yaml files and C# glue only");
        }

        if (Namespace(folder) is null)
        {
            problems.Add($"{name}: its C# files must all declare one namespace");
        }

        var files = Directory.GetFiles(folder, "*.cs").Select(f => (Path: f, File: Path.GetFileName(f), Lines: File.ReadAllLines(f).Length)).ToList();
        var stages = files.Where(f => f.File.EndsWith("Stage.cs", StringComparison.Ordinal)).ToList();
        if (stages.Count != 1)
        {
            problems.Add($"{name}: {stages.Count} *Stage.cs files; a stage folder holds exactly one stage class");
        }

        if (!files.Any(f => f.File.EndsWith("Options.cs", StringComparison.Ordinal)) && files.Count > 1)
        {
            problems.Add($"{name}: helpers but no *Options.cs record");
        }

        foreach (var f in stages.Where(f => f.Lines > StageClassLines))
        {
            problems.Add($"{name}/{f.File}: {f.Lines} lines; a stage class has at most {StageClassLines} (move loaders, numerics and rendering into a library)");
        }

        var helpers = files.Where(f => !f.File.EndsWith("Stage.cs", StringComparison.Ordinal) && !f.File.EndsWith("Options.cs", StringComparison.Ordinal)).ToList();
        foreach (var f in helpers.Where(f => f.Lines > HelperLines))
        {
            problems.Add($"{name}/{f.File}: {f.Lines} lines; a helper has at most {HelperLines} (a longer one belongs in a library)");
        }

        var code = stages.Concat(helpers).Sum(f => f.Lines);
        if (code > FolderLines)
        {
            problems.Add($"{name}: {code} lines of C# beside its options; a stage folder has at most {FolderLines}");
        }

        return problems;
    }

    /// <summary>
    /// Checks that a folder's C# names no stage namespace but its own and <see cref="SharedNamespace"/> (a stage never
    /// uses another stage's code), and that a folder using the shared glue declares <c>stages/Shared</c> under <c>code:</c>.
    /// </summary>
    /// <param name="folder">The stage folder.</param>
    /// <param name="stageNamespaces">Every stage folder's namespace.</param>
    /// <param name="code">The folders its <c>stage.yaml</c> declares under <c>code:</c>.</param>
    public static List<string> ReferenceViolations(string folder, IReadOnlyCollection<string> stageNamespaces, IReadOnlyCollection<string> code)
    {
        var name = Path.GetFileName(folder);
        var own = Namespace(folder);
        var problems = new List<string>();
        var usesShared = false;
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            foreach (Match m in StageNamespace().Matches(File.ReadAllText(file)))
            {
                var referenced = m.Value;
                if (referenced == own)
                {
                    continue;
                }

                if (referenced == SharedNamespace)
                {
                    usesShared = true;
                }
                else
                {
                    var what = stageNamespaces.Contains(referenced) ? "another stage's code" : "stage-assembly code outside its folder";
                    problems.Add($"{name}/{Path.GetFileName(file)}: names {referenced}, {what}; a stage uses libraries and stages/Shared only");
                }
            }
        }

        if (usesShared && !code.Contains("stages/Shared"))
        {
            problems.Add($"{name}: uses {SharedNamespace} but its stage.yaml does not list stages/Shared under code: (its fingerprint would miss that code)");
        }

        return problems;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bNeurons\.Stages\.(?!Tests\b)[A-Za-z]\w*")]
    private static partial Regex StageNamespace();
}
