namespace Neurons.Data.Fmri;

/// <summary>
/// Which volumes of a cc2017 run pair with clips: the authors' trimming rule (245 volumes: drop the first
/// and the last 4; 246: drop the first 2 and the last 4; 240 remain), then an optional lag and a clip count.
/// </summary>
public static class VolumeWindow
{
    /// <summary>The number of volumes the trimming rule keeps.</summary>
    public const int TrimmedLength = 240;

    /// <summary>The smallest lag every cc2017 run allows (training runs trim only their first volume).</summary>
    public const int MinLag = -1;

    /// <summary>The largest lag every cc2017 run allows (4 volumes are trimmed off the end).</summary>
    public const int MaxLag = 4;

    /// <summary>Returns the first kept volume (0-based) of a run with <paramref name="volumes"/> volumes.</summary>
    /// <exception cref="InvalidDataException">The run has neither 245 nor 246 volumes.</exception>
    public static int TrimStart(string path, int volumes) => volumes switch
    {
        245 => 1,
        246 => 2,
        _ => throw new InvalidDataException($"{path}: {volumes} volumes, expected 245 or 246 (cc2017 trimming rule)"),
    };

    /// <summary>
    /// Returns the raw volume range paired with clips 0…<paramref name="clips"/>−1: clip i ↔ trimmed volume
    /// i + <paramref name="lagTrs"/>. Volumes dropped by trimming may serve a lag (at most 4 after, 1–2 before).
    /// </summary>
    /// <exception cref="InvalidDataException">The run length is not 245/246, the clip count exceeds 240, or the lag runs off the file.</exception>
    public static (int Start, int Length) For(string path, int volumes, int clips, int lagTrs)
    {
        var trim = TrimStart(path, volumes);
        if (clips < 1 || clips > TrimmedLength)
        {
            throw new InvalidDataException($"{path}: the segment has {clips} clips, expected 1..{TrimmedLength}");
        }

        var start = trim + lagTrs;
        if (start < 0 || start + clips > volumes)
        {
            throw new InvalidDataException($"{path}: lag_trs {lagTrs} needs volumes {start}..{start + clips - 1}, the run has 0..{volumes - 1}");
        }

        return (start, clips);
    }
}
