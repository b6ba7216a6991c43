using Neurons.Data.Tables;
using Neurons.Vision.Targets;

namespace Neurons.Stages.Targets;

/// <summary>
/// Fits the frozen mean-image-token → text projection (NEURONS' <c>coco_tokens_avg_proj</c>, 1664 → 1280 in the
/// paper configuration) by ridge regression on the training clips of committed <c>targets</c> shards
/// (<c>clip_image_mean</c> → <c>clip_text</c>), and reports its fit. For the stage that trains the model:
/// it reads every training shard, so it belongs to a global work item.
/// </summary>
public static class TargetProjectionFit
{
    /// <summary>Fits on the rows of the given shards whose split is <c>train</c>; returns the projection and its in-sample R² and top-1 retrieval.</summary>
    public static async Task<(RidgeProjection Projection, double RSquared, double Top1, int Clips)> FitAsync(IEnumerable<string> shardPaths, double lambda, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        var x = new List<float[]>();
        var y = new List<float[]>();
        foreach (var path in shardPaths)
        {
            foreach (var row in await ParquetRows.ReadAsync<TargetRow>(path, cancellationToken).ConfigureAwait(false))
            {
                if (row.Split == "train" && row.ClipText.Count > 0)
                {
                    x.Add([.. row.ClipImageMean]);
                    y.Add([.. row.ClipText]);
                }
            }
        }

        if (x.Count == 0)
        {
            throw new InvalidOperationException("no training rows with a caption embedding in the targets shards; cannot fit the projection");
        }

        var projection = RidgeProjection.Fit(x, y, lambda);
        var (r2, top1) = projection.Evaluate(x, y);
        return (projection, r2, top1, x.Count);
    }
}
