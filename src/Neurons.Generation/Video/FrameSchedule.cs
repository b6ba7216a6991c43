namespace Neurons.Generation.Video;

/// <summary>
/// How the 6 blurry frames become AnimateDiff's 16 and back (NEURONS <c>cccat</c> and <c>sample[:, :, 4:][::2]</c>):
/// between each neighbouring pair two blends 0.67·a + 0.33·b and 0.33·a + 0.67·b are inserted (1 + 5·3 = 16),
/// so latent frame f sits at blurry position f/3; frames 4, 6, …, 14 (positions 1.33 … 4.67) are kept.
/// </summary>
public static class FrameSchedule
{
    /// <summary>The number of frames AnimateDiff generates.</summary>
    public const int GeneratedFrames = 16;

    /// <summary>The number of blurry (and ground-truth) frames per clip.</summary>
    public const int ClipFrames = 6;

    /// <summary>The weight of the earlier frame in the first inserted blend (the reference's literal 0.67).</summary>
    public const float NearWeight = 0.67f;

    /// <summary>The weight of the earlier frame in the second inserted blend (0.33).</summary>
    public const float FarWeight = 0.33f;

    /// <summary>Gets the generated frame indices kept as the clip's 6 output frames: 4, 6, 8, 10, 12, 14.</summary>
    public static IReadOnlyList<int> OutputFrames { get; } = [4, 6, 8, 10, 12, 14];

    /// <summary>Returns the position of generated frame <paramref name="frame"/> on the blurry-frame axis (f/3).</summary>
    public static double BlurryPosition(int frame) => frame / 3.0;

    /// <summary>
    /// Expands <paramref name="frames"/> (each the same length, any layout) to 3·(n−1)+1 frames with the
    /// reference's blends: a, 0.67a+0.33b, 0.33a+0.67b, b, …
    /// </summary>
    public static float[][] Expand(IReadOnlyList<float[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("no frames to expand", nameof(frames));
        }

        var length = frames[0].Length;
        if (frames.Any(f => f.Length != length))
        {
            throw new ArgumentException("frames differ in length", nameof(frames));
        }

        var result = new List<float[]> { (float[])frames[0].Clone() };
        for (var i = 0; i + 1 < frames.Count; i++)
        {
            result.Add(Blend(frames[i], frames[i + 1], NearWeight, FarWeight));
            result.Add(Blend(frames[i], frames[i + 1], FarWeight, NearWeight));
            result.Add((float[])frames[i + 1].Clone());
        }

        return [.. result];
    }

    private static float[] Blend(float[] a, float[] b, float wa, float wb)
    {
        var blended = new float[a.Length];
        for (var k = 0; k < a.Length; k++)
        {
            blended[k] = (wa * a[k]) + (wb * b[k]);
        }

        return blended;
    }
}
