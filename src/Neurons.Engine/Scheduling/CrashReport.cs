using System.Globalization;
using System.Text;
using Neurons.Engine.Stages;

namespace Neurons.Engine.Scheduling;

/// <summary>
/// The text of a failed work item's crash file (as Nipype and fMRIPrep leave beside a failed node): what ran, with
/// which parameters and inputs, and the whole exception with its stack trace.
/// </summary>
internal static class CrashReport
{
    /// <summary>Formats the crash report of a work item.</summary>
    public static string Format(WorkItem item, StageContext context, Exception exception, DateTimeOffset when)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"work item: {item.Id}");
        text.AppendLine(CultureInfo.InvariantCulture, $"failed at: {when:O}");
        text.AppendLine(CultureInfo.InvariantCulture, $"fingerprint: {context.Fingerprint}");
        text.AppendLine(CultureInfo.InvariantCulture, $"dataset: {context.DatasetRoot}");
        text.AppendLine(CultureInfo.InvariantCulture, $"workspace: {context.WorkspaceRoot}");
        text.AppendLine("parameters:");
        foreach (var (name, value) in context.Parameters.ToJson())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {value?.ToJsonString() ?? "null"}");
        }

        text.AppendLine("inputs:");
        foreach (var table in context.InputTables)
        {
            foreach (var shard in context.Input(table))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {table}/{shard.Shard.Name}: {shard.Path} ({shard.Rows} rows)");
            }
        }

        foreach (var source in context.SourceFiles)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  source: {source}");
        }

        text.AppendLine("exception:");
        text.AppendLine(exception.ToString());
        return text.ToString();
    }
}
