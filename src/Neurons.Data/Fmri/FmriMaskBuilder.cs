using System.Globalization;
using Neurons.Data.Cifti;
using Neurons.Data.Tables;

namespace Neurons.Data.Fmri;

/// <summary>Builds one subject's reproducibility mask from its training runs (both repeats of every training segment).</summary>
public static class FmriMaskBuilder
{
    /// <summary>Returns the text of <see cref="FmriMaskRow.Sidedness"/> for a sidedness.</summary>
    public static string Name(TestSidedness sidedness) => sidedness == TestSidedness.TwoSided ? "two-sided" : "greater";

    /// <summary>Parses <c>two-sided</c> or <c>greater</c>.</summary>
    public static TestSidedness ParseSidedness(string text) => text switch
    {
        "two-sided" => TestSidedness.TwoSided,
        "greater" => TestSidedness.Greater,
        _ => throw new ArgumentException($"sidedness '{text}' is not two-sided or greater", nameof(text)),
    };

    /// <summary>Returns the model layout text stored in <see cref="FmriMaskRow.Models"/>.</summary>
    public static string Describe(IEnumerable<CiftiBrainModel> models) =>
        string.Join(';', models.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Structure}@{m.IndexOffset}+{m.IndexCount}")));

    /// <summary>
    /// Preprocesses repeats 1 and 2 of every training segment (window: the trimming rule, no lag, the first
    /// <c>Clips</c> trimmed volumes), tests every vertex of the listed structures and returns the mask row.
    /// </summary>
    /// <exception cref="InvalidDataException">A run is missing, malformed, or differs in layout from the first.</exception>
    public static FmriMaskRow Build(
        string root,
        int subject,
        IReadOnlyList<(string Segment, int Clips)> segments,
        IReadOnlyCollection<string> structures,
        double alpha,
        TestSidedness sidedness,
        bool bonferroni,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count < 2)
        {
            throw new InvalidDataException($"subject{subject}: the reproducibility mask needs at least 2 training segments, the dataset has {segments.Count}");
        }

        ReproducibilityMask? mask = null;
        string? layout = null;
        int[] rows = [];
        CiftiHeader? first = null;
        for (var s = 0; s < segments.Count; s++)
        {
            var (segment, clips) = segments[s];
            var pair = new PreprocessedRun[2];
            for (var repeat = 1; repeat <= 2; repeat++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Cc2017FmriLayout.RunPath(root, subject, segment, repeat);
                if (!File.Exists(path))
                {
                    throw new InvalidDataException($"{path}: missing (the mask needs repeats 1 and 2 of every training segment)");
                }

                using var reader = CiftiReader.Open(path);
                var described = Describe(reader.Header.Models);
                if (layout is null)
                {
                    layout = described;
                    first = reader.Header;
                    rows = RunPreprocessor.RowsOf(reader.Header, structures);
                    mask = new ReproducibilityMask(rows.Length);
                }
                else if (described != layout)
                {
                    throw new InvalidDataException($"{path}: brain models {described} differ from {first!.Path} ({layout})");
                }

                var (start, length) = VolumeWindow.For(path, reader.Header.Volumes, clips, 0);
                pair[repeat - 1] = RunPreprocessor.Preprocess(reader, rows, start, length, cancellationToken);
                progress?.Report(((2.0 * s) + repeat) / (2.0 * segments.Count));
            }

            mask!.AddSegment(pair[0], pair[1]);
        }

        var result = mask!.Select(alpha, sidedness, bonferroni);
        var surface = SurfaceVertexOf(first!);
        return new FmriMaskRow
        {
            Subject = subject,
            Models = layout!,
            Grayordinates = first!.Grayordinates,
            Tested = rows.Length,
            Segments = segments.Select(x => x.Segment).ToList(),
            Df = result.DegreesOfFreedom,
            Sidedness = Name(sidedness),
            PThreshold = alpha,
            PVertex = result.Threshold,
            V = result.Selected.Length,
            VertexIndices = result.Selected.Select(i => rows[i]).ToList(),
            SurfaceVertices = result.Selected.Select(i => surface[rows[i]]).ToList(),
            T = result.T.Select(v => (float)v).ToList(),
            MeanZ = result.MeanZ.Select(v => (float)v).ToList(),
        };
    }

    private static int[] SurfaceVertexOf(CiftiHeader header)
    {
        var map = new int[header.Grayordinates];
        Array.Fill(map, -1);
        foreach (var m in header.Models)
        {
            for (var i = 0; i < m.VertexIndices.Count; i++)
            {
                map[m.IndexOffset + i] = m.VertexIndices[i];
            }
        }

        return map;
    }
}
