using System.Runtime.InteropServices;
using System.Text;

namespace Neurons.Evaluation.Report;

/// <summary>
/// Puts a committed file of an earlier stage into the report: a hard link to the same data where the system and the
/// filesystem allow it (no second copy on disk; committed files are never rewritten in place, a rerun commits new
/// ones), else a copy.
/// </summary>
internal static class CommittedFiles
{
    /// <summary>Links (or copies) <paramref name="existing"/> to <paramref name="path"/>; returns whether it was linked.</summary>
    public static bool LinkOrCopy(string existing, string path)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && !File.Exists(path))
        {
            try
            {
                if (Link(Encode(existing), Encode(path)) == 0)
                {
                    return true;
                }
            }
            catch (DllNotFoundException)
            {
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        // Another filesystem (EXDEV), no link permission, or no POSIX link(2): a plain copy.
        File.Copy(existing, path, overwrite: true);
        return false;
    }

    private static byte[] Encode(string path) => Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(byte[] existing, byte[] path);
}
