namespace Neurons.Model.Attribution;

/// <summary>
/// One sample's voxel contributions to each sub-task (<see cref="TaskAttribution"/>): per task, V signed values
/// x_v · ∂s/∂x_v (gradient × input) of that task's scalar s, in the model's voxel order.
/// </summary>
/// <param name="Values">Per task, in <see cref="TaskAttribution.Tasks"/> order, V contributions.</param>
/// <param name="Scalars">Per task, the value of the differentiated scalar s.</param>
/// <param name="TopConcept">The index of the top-1 concept (the concept scalar's logit; the mask branch's text).</param>
/// <param name="CaptionIds">The greedy caption ids whose log-likelihood is the caption scalar (stop id included when decoding stopped).</param>
public sealed record TaskContributions(IReadOnlyList<float[]> Values, IReadOnlyList<double> Scalars, int TopConcept, long[] CaptionIds)
{
    /// <summary>Returns one task's contributions.</summary>
    public float[] For(AttributionTask task) => Values[(int)task];
}
