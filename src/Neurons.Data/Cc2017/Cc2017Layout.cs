using System.Globalization;

namespace Neurons.Data.Cc2017;

/// <summary>Names and constants of the cc2017 dataset layout (docs/reference.md § The cc2017 layout).</summary>
public static class Cc2017Layout
{
    /// <summary>The training split name.</summary>
    public const string TrainSplit = "train";

    /// <summary>The test split name.</summary>
    public const string TestSplit = "test";

    /// <summary>Seconds per TR (and per clip).</summary>
    public const double TrSeconds = 2.0;

    /// <summary>Source movie frame rate.</summary>
    public const int SourceFps = 30;

    /// <summary>Source frames per TR.</summary>
    public const int SourceFramesPerTr = 60;

    /// <summary>TRs per real 8-minute segment.</summary>
    public const int TrsPerSegment = 240;

    /// <summary>Returns the movie path of a segment.</summary>
    public static string MoviePath(string root, string segment) => Path.Combine(root, "stimuli", segment + ".mp4");

    /// <summary>Returns the CIFTI run path of a subject, segment and repeat (1-based).</summary>
    public static string CiftiPath(string root, int subject, string segment, int repeat) =>
        Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"subject{subject}"), "fmri", segment, "cifti", string.Create(CultureInfo.InvariantCulture, $"{segment}_{repeat}_Atlas.dtseries.nii"));

    /// <summary>Returns the 1-based number of a segment name (<c>seg3</c> → 3).</summary>
    public static int SegmentNumber(string segment) =>
        int.Parse(segment.AsSpan(segment.StartsWith("seg", StringComparison.Ordinal) ? 3 : 4), CultureInfo.InvariantCulture);

    /// <summary>Returns the clip id of a segment's TR.</summary>
    public static string ClipId(string segment, int tr) => string.Create(CultureInfo.InvariantCulture, $"{segment}_{tr:000}");
}
