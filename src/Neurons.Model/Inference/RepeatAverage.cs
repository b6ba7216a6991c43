namespace Neurons.Model.Inference;

/// <summary>
/// The voxels a clip is decoded from: its repeats averaged (the reference averages the test repetitions), summed
/// in float in the order given (ascending repeat) and divided by the count, so every caller gets the same bits.
/// </summary>
public static class RepeatAverage
{
    /// <summary>Returns the mean of the repeats, voxel by voxel.</summary>
    /// <param name="repeats">One voxel array per repeat, in ascending repeat order, all of the same length.</param>
    /// <exception cref="ArgumentException">No repeat, or repeats of different lengths.</exception>
    public static float[] Mean(IReadOnlyCollection<float[]> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Count == 0)
        {
            throw new ArgumentException("at least one repeat is needed to average", nameof(repeats));
        }

        var mean = new float[repeats.First().Length];
        foreach (var repeat in repeats)
        {
            if (repeat.Length != mean.Length)
            {
                throw new ArgumentException($"repeats hold {mean.Length} and {repeat.Length} voxels: every repeat must hold the same vertices", nameof(repeats));
            }

            for (var v = 0; v < mean.Length; v++)
            {
                mean[v] += repeat[v];
            }
        }

        for (var v = 0; v < mean.Length; v++)
        {
            mean[v] /= repeats.Count;
        }

        return mean;
    }
}
