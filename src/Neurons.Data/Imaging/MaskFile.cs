using System.Globalization;

namespace Neurons.Data.Imaging;

/// <summary>One mask PNG of the dataset release, named <c>mask_&lt;idx&gt;_f&lt;frame&gt;_&lt;label&gt;.png</c> (idx = the clip's split index).</summary>
/// <param name="Index">The clip's position in its split.</param>
/// <param name="Frame">The frame (0–5).</param>
/// <param name="Label">The object name (may contain underscores).</param>
/// <param name="Path">The file.</param>
public sealed record MaskFile(int Index, int Frame, string Label, string Path)
{
    /// <summary>Parses a file name; false when it does not follow the naming.</summary>
    public static bool TryParse(string path, out MaskFile? file)
    {
        ArgumentNullException.ThrowIfNull(path);
        file = null;
        var name = System.IO.Path.GetFileName(path);
        if (!name.StartsWith("mask_", StringComparison.Ordinal) || !name.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = name[5..^4].Split('_', 3);
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || parts[1].Length < 2 || parts[1][0] != 'f'
            || !int.TryParse(parts[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var frame)
            || parts[2].Length == 0)
        {
            return false;
        }

        file = new MaskFile(index, frame, parts[2], path);
        return true;
    }

    /// <summary>Indexes a folder by clip index; files that do not follow the naming are ignored.</summary>
    /// <remarks>Each clip's files are sorted by frame, then label (ordinal).</remarks>
    public static Dictionary<int, List<MaskFile>> IndexFolder(string folder)
    {
        var index = new Dictionary<int, List<MaskFile>>();
        foreach (var path in Directory.EnumerateFiles(folder, "mask_*.png"))
        {
            if (TryParse(path, out var file))
            {
                if (!index.TryGetValue(file!.Index, out var list))
                {
                    index[file.Index] = list = [];
                }

                list.Add(file);
            }
        }

        foreach (var list in index.Values)
        {
            list.Sort((a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : string.CompareOrdinal(a.Label, b.Label));
        }

        return index;
    }
}
