namespace Neurons.Model.Training;

/// <summary>
/// The shuffled order of training clips for an epoch: a Fisher–Yates shuffle driven by SplitMix64 seeded with
/// (seed, epoch). A pure function, so a resumed run sees the same order; checkpoints also record it.
/// </summary>
public static class DataOrder
{
    /// <summary>Returns the permutation of 0 … <paramref name="count"/> − 1 used in <paramref name="epoch"/>.</summary>
    public static int[] ForEpoch(long seed, int epoch, int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var state = (ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1));
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
