using Neurons.Data.Cifti;
using Neurons.Data.Tables;

namespace Neurons.Data.Fmri;

/// <summary>
/// One subject's run, preprocessed as the <c>fmri</c> stage does (docs/fmri.md): the file's brain models
/// checked against the subject's mask, the clip window taken by <see cref="VolumeWindow"/> (trimming rule, lag,
/// clip count), the mask's vertices detrended and z-scored over that window by <see cref="RunPreprocessor"/>.
/// Both the <c>fmri</c> stage (<see cref="FmriSegmentBuilder"/>) and <c>pipeline reconstruct --cifti</c> read runs
/// through <see cref="Read"/>, so a sample is the same numbers either way.
/// </summary>
/// <param name="Path">The run file.</param>
/// <param name="Volumes">The run's volume count.</param>
/// <param name="WindowStart">The raw volume paired with clip 0.</param>
/// <param name="Run">The preprocessed mask vertices over the window.</param>
public sealed record MaskedRun(string Path, int Volumes, int WindowStart, PreprocessedRun Run)
{
    /// <summary>Gets the number of clips (time points) in the window.</summary>
    public int Clips => Run.Length;

    /// <summary>Preprocesses the mask's vertices of one run over the window paired with <paramref name="clips"/> clips.</summary>
    /// <param name="path">The <c>.dtseries.nii</c> run.</param>
    /// <param name="mask">The subject's mask (its brain-model layout and vertex indices).</param>
    /// <param name="clips">The clips of the segment (the window's length).</param>
    /// <param name="lagTrs">Clip i pairs with trimmed volume i + lag.</param>
    /// <param name="dropNonFinite">Zero (and count) vertices holding NaN or infinite samples instead of refusing the run.</param>
    /// <param name="cancellationToken">Cancels between blocks of rows.</param>
    /// <exception cref="InvalidDataException">The file is malformed, its brain models differ from the mask's, or its length does not fit the window.</exception>
    public static MaskedRun Read(string path, FmriMaskRow mask, int clips, int lagTrs, bool dropNonFinite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var reader = CiftiReader.Open(path);
        var layout = FmriMaskBuilder.Describe(reader.Header.Models);
        if (layout != mask.Models)
        {
            throw new InvalidDataException($"{path}: brain models {layout} differ from the mask's ({mask.Models})");
        }

        var (start, length) = VolumeWindow.For(path, reader.Header.Volumes, clips, lagTrs);
        var run = RunPreprocessor.Preprocess(reader, mask.VertexIndices, start, length, dropNonFinite, cancellationToken);
        return new MaskedRun(path, reader.Header.Volumes, start, run);
    }

    /// <summary>Returns the V mask vertices at clip <paramref name="clip"/> of the window (one <c>fmri</c> row's voxels).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The clip is outside 0…<see cref="Clips"/>−1.</exception>
    public float[] Sample(int clip)
    {
        if (clip < 0 || clip >= Run.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, $"{Path}: TR {clip} is outside the window's 0..{Run.Length - 1}");
        }

        var v = Run.Rows.Count;
        var voxels = new float[v];
        for (var i = 0; i < v; i++)
        {
            voxels[i] = Run.Data[(i * Run.Length) + clip];
        }

        return voxels;
    }
}
