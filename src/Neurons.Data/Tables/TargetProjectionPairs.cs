
namespace Neurons.Data.Tables;

/// <summary>
/// The training pairs of the frozen mean-image-token → text projection (NEURONS' <c>coco_tokens_avg_proj</c>, 1664 →
/// 1280 in the paper configuration): per training clip of committed <c>targets</c> shards, <c>clip_image_mean</c> and
/// <c>clip_text</c>. For the stage that trains the model: it reads every training shard, so it belongs to a global work item.
/// </summary>
/// <param name="MeanTokens">Per training clip, its mean CLIP image token (float32).</param>
/// <param name="Texts">Per training clip, its caption embedding (float16 widened to float32).</param>
public sealed record TargetProjectionPairs(IReadOnlyList<float[]> MeanTokens, IReadOnlyList<float[]> Texts)
{
    /// <summary>Reads the rows of the given shards whose split is <c>train</c> and that have a caption embedding.</summary>
    /// <exception cref="InvalidOperationException">No such row.</exception>
    public static async Task<TargetProjectionPairs> ReadAsync(IEnumerable<string> shardPaths, CancellationToken cancellationToken)
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

        return new TargetProjectionPairs(x, y);
    }
}
