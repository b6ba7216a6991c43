namespace Neurons.Testing.Onnx;

/// <summary>A fixed-seed 64-bit linear congruential generator (Knuth's MMIX constants): the same values on every platform and runtime.</summary>
public sealed class FixtureRandom
{
    private ulong state;

    /// <summary>Initializes a new instance of the <see cref="FixtureRandom"/> class.</summary>
    public FixtureRandom(ulong seed)
    {
        state = seed;
    }

    /// <summary>Returns the next value in [-1, 1).</summary>
    public float Next()
    {
        state = (state * 6364136223846793005UL) + 1442695040888963407UL;
        return (float)((state >> 40) / (double)(1UL << 24) * 2.0 - 1.0);
    }

    /// <summary>Returns <paramref name="count"/> values in [-scale, scale).</summary>
    public float[] Floats(int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Next() * scale;
        }

        return values;
    }
}
