namespace Neurons.Generation.Sampling;

/// <summary>
/// A seeded standard-normal stream (xoshiro256** seeded through SplitMix64, Box–Muller in double), one per
/// clip, so a clip's noise does not depend on what was generated before it or beside it.
/// </summary>
public sealed class GaussianNoise
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private double spare;
    private bool hasSpare;

    /// <summary>Initializes a new instance of the <see cref="GaussianNoise"/> class.</summary>
    public GaussianNoise(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>Derives a clip's seed from a run seed and the clip's identity (stable across processes and platforms).</summary>
    public static ulong ClipSeed(long seed, string clipKey)
    {
        ArgumentNullException.ThrowIfNull(clipKey);
        var x = unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL;
        foreach (var c in clipKey)
        {
            x = (x ^ c) * 0x100000001B3UL;
        }

        return SplitMix(ref x);
    }

    /// <summary>Returns the next standard-normal value.</summary>
    public double Next()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spare;
        }

        // Uniforms in (0, 1] and [0, 1) from the top 53 bits.
        var u1 = ((NextBits() >> 11) + 1) * (1.0 / 9007199254740992.0);
        var u2 = (NextBits() >> 11) * (1.0 / 9007199254740992.0);
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        spare = radius * Math.Sin(angle);
        hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with standard-normal values.</summary>
    public void Fill(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)Next();
        }
    }

    /// <summary>Returns <paramref name="count"/> standard-normal values.</summary>
    public float[] Sample(int count)
    {
        var values = new float[count];
        Fill(values);
        return values;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private ulong NextBits()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }
}
