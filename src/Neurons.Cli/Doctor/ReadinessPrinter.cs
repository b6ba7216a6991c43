using System.Globalization;
using System.Text.Json;
using Neurons.Engine.Readiness;

namespace Neurons.Cli.Doctor;

/// <summary>Prints readiness findings: one line per problem with its fix, every check with <c>--verbose</c>, or JSON.</summary>
internal static class ReadinessPrinter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes each problem as one line.</summary>
    public static void PrintProblems(ReadinessReport report, TextWriter writer)
    {
        foreach (var problem in report.Problems)
        {
            writer.WriteLine(problem.ProblemLine());
        }
    }

    /// <summary>Writes each passed check: what, where, size, hash.</summary>
    public static void PrintPassed(ReadinessReport report, TextWriter writer)
    {
        foreach (var f in report.Findings.Where(f => f.Ok))
        {
            var where = f.Parameter.Length > 0 ? string.Join(", ", f.Stages.Select(s => $"{s}.{f.Parameter}")) : f.Kind == "disk" ? "disk" : string.Join(", ", f.Stages);
            var size = f.Bytes is { } b ? $"  {b.ToString("N0", CultureInfo.InvariantCulture)} B" : string.Empty;
            var hash = f.Sha256 is { } h ? $"  sha256 {h[..16]}" : string.Empty;
            writer.WriteLine($"ok  {where}: {f.Subject}{size}{hash}  {f.Message}");
        }
    }

    /// <summary>Writes every finding as JSON.</summary>
    public static void PrintJson(ReadinessReport report, string? profile, TextWriter writer)
    {
        var json = new
        {
            profile,
            ok = report.Problems.Count == 0,
            problems = report.Problems.Count,
            seconds = Math.Round(report.Seconds, 3),
            checks = report.Findings.Select(f => new
            {
                kind = f.Kind,
                stages = f.Stages,
                parameter = f.Parameter,
                subject = f.Subject,
                ok = f.Ok,
                message = f.Message,
                fix = f.Ok ? null : f.Recipe,
                bytes = f.Bytes,
                sha256 = f.Sha256,
                cached = f.Cached,
            }),
        };
        writer.WriteLine(JsonSerializer.Serialize(json, Json));
    }
}
