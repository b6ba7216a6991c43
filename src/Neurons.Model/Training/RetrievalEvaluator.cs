using Neurons.Model.Brain;
using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// Evaluates the brain model on the (repeat-averaged) test set in consecutive batches, as the reference's test
/// loader does: cosine similarity of flattened, normalised predictions and targets; top-1 forward and backward,
/// text top-5 (k capped at the batch size).
/// </summary>
public static class RetrievalEvaluator
{
    /// <summary>Runs the evaluation in eval mode and restores training mode afterwards.</summary>
    public static RetrievalMetrics Evaluate(NeuronsBrainModel model, int subject, Tensor voxels, Tensor tokens, Tensor text, int batchSize, double clipTemperature, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(text);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var n = voxels.shape[0];
            double fwd = 0, bwd = 0, txt5 = 0, loss = 0;
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var b = Math.Min(batchSize, n - start);
                if (b < 2 && start > 0)
                {
                    // A single trailing sample retrieves trivially; fold it out as the reference's full batches do.
                    break;
                }

                var vox = voxels.narrow(0, start, b).to(ScalarType.Float32, device);
                var tgt = ContrastiveLosses.FlattenNormalize(tokens.narrow(0, start, b).to(ScalarType.Float32, device));
                var cap = ContrastiveLosses.FlattenNormalize(text.narrow(0, start, b).to(ScalarType.Float32, device));
                using var output = model.call(vox, subject);
                var pred = ContrastiveLosses.FlattenNormalize(output.Clip);
                var predText = ContrastiveLosses.FlattenNormalize(output.Text);
                var labels = arange(b, dtype: ScalarType.Int64, device: device);
                var sim = pred.matmul(tgt.T);
                fwd += sim.argmax(1).eq(labels).sum().item<long>();
                bwd += sim.T.argmax(1).eq(labels).sum().item<long>();
                var k = (int)Math.Min(5, b);
                var top = predText.matmul(cap.T).topk(k, dim: 1).indexes;
                txt5 += top.eq(labels.reshape(-1, 1)).any(1).sum().item<long>();
                loss += ContrastiveLosses.InfoNce(pred, tgt, clipTemperature).item<float>() * b;
            }

            var counted = CountedSamples(n, batchSize);
            return new RetrievalMetrics(
                fwd / counted,
                bwd / counted,
                txt5 / counted,
                ChanceTop1(n, batchSize),
                loss / counted);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The mean top-1 chance level over the samples evaluated with batches of <paramref name="batchSize"/>.</summary>
    public static double ChanceTop1(long n, int batchSize)
    {
        double sum = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            var b = Math.Min(batchSize, n - start);
            if (b < 2 && start > 0)
            {
                break;
            }

            sum += 1.0; // b samples × 1/b
        }

        return sum / CountedSamples(n, batchSize);
    }

    private static long CountedSamples(long n, int batchSize)
    {
        var last = n % batchSize;
        return last == 1 && n > 1 ? n - 1 : n;
    }
}
