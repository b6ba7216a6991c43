using System.Globalization;
using System.Text.RegularExpressions;

namespace Neurons.Data.Fmri;

/// <summary>
/// Where cc2017 keeps its CIFTI runs: <c>&lt;root&gt;/subject&lt;s&gt;/fmri/&lt;segment&gt;/cifti/&lt;segment&gt;_&lt;repeat&gt;_Atlas.dtseries.nii</c>.
/// </summary>
public static partial class Cc2017FmriLayout
{
    /// <summary>Returns the path of one run.</summary>
    public static string RunPath(string root, int subject, string segment, int repeat) =>
        Path.Combine(root, $"subject{subject}", "fmri", segment, "cifti", string.Create(CultureInfo.InvariantCulture, $"{segment}_{repeat}_Atlas.dtseries.nii"));

    /// <summary>Returns the subjects that have an <c>fmri</c> folder, ascending.</summary>
    public static IReadOnlyList<int> DiscoverSubjects(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root, "subject*")
            .Select(d => (Dir: d, Match: SubjectName().Match(Path.GetFileName(d))))
            .Where(x => x.Match.Success && Directory.Exists(Path.Combine(x.Dir, "fmri")))
            .Select(x => int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order()
            .ToList();
    }

    /// <summary>Returns the repeat numbers present for a subject and segment, ascending.</summary>
    public static IReadOnlyList<int> DiscoverRepeats(string root, int subject, string segment)
    {
        var dir = Path.GetDirectoryName(RunPath(root, subject, segment, 1))!;
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var prefix = segment + "_";
        const string suffix = "_Atlas.dtseries.nii";
        var repeats = new List<int>();
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*" + suffix))
        {
            var name = Path.GetFileName(file);
            var middle = name[prefix.Length..^suffix.Length];
            if (int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0)
            {
                repeats.Add(r);
            }
        }

        repeats.Sort();
        return repeats;
    }

    [GeneratedRegex("^subject([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectName();
}
