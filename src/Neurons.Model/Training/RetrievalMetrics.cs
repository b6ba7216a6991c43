namespace Neurons.Model.Training;

/// <summary>The per-epoch test evaluation of stage 1 (docs/model.md): retrieval within test batches.</summary>
/// <param name="ForwardTop1">Brain → image top-1: the share of samples whose own target is the most similar in the batch.</param>
/// <param name="BackwardTop1">Image → brain top-1.</param>
/// <param name="TextTop5">Brain → caption top-5 (through the frozen text projection).</param>
/// <param name="ChanceTop1">The top-1 chance level (mean of 1 / batch size over samples).</param>
/// <param name="ClipLoss">The unmixed InfoNCE of the vision prediction at the training temperature.</param>
public sealed record RetrievalMetrics(double ForwardTop1, double BackwardTop1, double TextTop5, double ChanceTop1, double ClipLoss)
{
    /// <summary>Gets the checkpoint-selection metric: forward top-1 + backward top-1 + text top-5.</summary>
    public double Selection => ForwardTop1 + BackwardTop1 + TextTop5;
}
