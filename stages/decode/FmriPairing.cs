namespace Neurons.Stages.Decode;

/// <summary>Which clip's fMRI each clip of a shard is decoded from: its own, or (the control) another one's.</summary>
internal static class FmriPairing
{
    /// <summary>
    /// Returns, per clip position, the position whose fMRI it gets: the identity for <c>as_is</c>; for
    /// <c>shuffled</c> a seeded derangement (no clip keeps its own fMRI), drawn by Fisher–Yates until it has
    /// no fixed point.
    /// </summary>
    public static int[] Of(int count, string order, int seed)
    {
        var pairing = Enumerable.Range(0, count).ToArray();
        if (order != "shuffled" || count < 2)
        {
            return pairing;
        }

        var random = new Random(seed ^ 0x5EED);
        do
        {
            for (var i = count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (pairing[i], pairing[j]) = (pairing[j], pairing[i]);
            }
        }
        while (pairing.Where((p, i) => p == i).Any());

        return pairing;
    }
}
