namespace Neurons.Model.Attribution;

/// <summary>
/// Averages samples' contributions into task maps: per task and voxel, the mean over samples of |x_v · ∂s/∂x_v|
/// (the magnitude: a voxel's sign flips with the stimulus, so signed values would cancel), in double.
/// </summary>
public sealed class TaskMapAccumulator
{
    private readonly double[][] sums;

    /// <summary>Initializes a new instance of the <see cref="TaskMapAccumulator"/> class.</summary>
    /// <param name="voxels">V, the number of voxels of every sample.</param>
    public TaskMapAccumulator(int voxels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(voxels);
        Voxels = voxels;
        sums = [.. TaskAttribution.Tasks.Select(_ => new double[voxels])];
    }

    /// <summary>Gets V.</summary>
    public int Voxels { get; }

    /// <summary>Gets the number of samples added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one sample's contributions.</summary>
    public void Add(TaskContributions contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        if (contributions.Values.Count != sums.Length || contributions.Values.Any(v => v.Length != Voxels))
        {
            throw new ArgumentException($"contributions must hold {sums.Length} tasks of {Voxels} voxels each", nameof(contributions));
        }

        for (var t = 0; t < sums.Length; t++)
        {
            var values = contributions.Values[t];
            var sum = sums[t];
            for (var v = 0; v < sum.Length; v++)
            {
                sum[v] += Math.Abs(values[v]);
            }
        }

        Count++;
    }

    /// <summary>Returns the maps: per task (in <see cref="TaskAttribution.Tasks"/> order), V mean magnitudes.</summary>
    /// <exception cref="InvalidOperationException">No sample was added.</exception>
    public IReadOnlyList<double[]> Maps()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("no sample was added to the task maps");
        }

        return [.. sums.Select(s => s.Select(x => x / Count).ToArray())];
    }
}
