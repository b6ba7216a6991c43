using System.Globalization;
using System.Text;
using Neurons.Files;

namespace Neurons.Engine.Workspace;

/// <summary>
/// Makes sure a run only ever writes into a folder that is the pipeline's: one that does not exist yet, is
/// empty, already carries the marker file <see cref="MarkerName"/>, or holds nothing but what the engine
/// writes at its top level (table folders, <c>.state</c>, <c>.cache</c>, lock files; a workspace made before
/// the marker existed). Such a folder gets the marker; any other is refused before anything is created or
/// deleted in it, so a mis-pointed <c>NEURONS__workspace=$HOME</c> never touches anything.
/// </summary>
public static class WorkspaceGuard
{
    /// <summary>The file that marks a folder as a pipeline workspace.</summary>
    public const string MarkerName = ".neurons-workspace";

    /// <summary>Claims <paramref name="root"/> as a workspace for a pipeline whose stages write <paramref name="tables"/>.</summary>
    /// <exception cref="WorkspaceRefusedException">The folder is not empty and holds files the pipeline did not write.</exception>
    public static void Claim(string root, IEnumerable<string> tables, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        root = Path.GetFullPath(root);
        if (File.Exists(root))
        {
            throw new WorkspaceRefusedException($"workspace {root} is a file, not a folder; point `workspace` (or NEURONS__workspace) at a folder");
        }

        var marker = Path.Combine(root, MarkerName);
        if (File.Exists(marker))
        {
            return;
        }

        if (Directory.Exists(root))
        {
            var ours = new HashSet<string>(tables, StringComparer.Ordinal) { ".state", ".cache" };
            var foreign = Directory.EnumerateFileSystemEntries(root)
                .Select(Path.GetFileName)
                .Where(name => !ours.Contains(name!) && !IsTransient(name!))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (foreign.Count > 0)
            {
                var named = string.Join(", ", foreign.Take(3)) + (foreign.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" and {foreign.Count - 3} more") : string.Empty);
                throw new WorkspaceRefusedException(
                    $"workspace {root} holds files the pipeline did not write ({named}); point `workspace` (or NEURONS__workspace) at an empty folder or one a pipeline run made");
            }
        }

        AtomicFile.WriteAllBytes(marker, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"created_utc\": \"{time.GetUtcNow():O}\"}}\n")));
    }

    /// <summary>Lock files and what another run claiming or locking the same folder at this moment writes there.</summary>
    private static bool IsTransient(string name) =>
        name.StartsWith(".lock", StringComparison.Ordinal)
        || name.StartsWith(".write-probe-", StringComparison.Ordinal)
        || (TempOwner.TryParse(name, out var final, out _, out _) && final == MarkerName);
}
