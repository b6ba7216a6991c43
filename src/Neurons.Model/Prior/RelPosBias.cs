using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's T5-style <c>RelPosBias</c>: a learned bias per head (<c>relative_attention_bias</c>, an
/// Embedding(buckets, heads)) indexed by the bucket of the relative position key − query. Only the distance back to
/// earlier keys is bucketed (later keys all share bucket 0, as in the reference, which was written for causal
/// attention): distances below buckets / 2 get a bucket each, longer ones share logarithmic buckets up to
/// <c>max_distance</c>, beyond which all fall in the last bucket.
/// </summary>
internal sealed class RelPosBias : nn.Module<long, long, Tensor>
{
    private readonly Embedding relative_attention_bias;
    private readonly int buckets;
    private readonly int maxDistance;
    private BucketTable? cache;

    public RelPosBias(int heads, Generator generator, int buckets = PriorConfig.RelPosBuckets, int maxDistance = PriorConfig.RelPosMaxDistance)
        : base(nameof(RelPosBias))
    {
        this.buckets = buckets;
        this.maxDistance = maxDistance;
        relative_attention_bias = PriorInit.Embedding(buckets, heads, generator);
        RegisterComponents();
    }

    /// <summary>
    /// The bucket of a relative position (key index − query index): n = max(−relative, 0); n if n &lt; buckets / 2,
    /// else min(buckets / 2 + ⌊ln(n / (buckets / 2)) / ln(maxDistance / (buckets / 2)) · (buckets − buckets / 2)⌋, buckets − 1).
    /// </summary>
    public static long Bucket(long relativePosition, int buckets = PriorConfig.RelPosBuckets, int maxDistance = PriorConfig.RelPosMaxDistance)
    {
        var n = Math.Max(-relativePosition, 0);
        var maxExact = buckets / 2;
        if (n < maxExact)
        {
            return n;
        }

        // float32 arithmetic, as the reference's n.float() / max_exact → log → / math.log(...) → * (...) → .long()
        var ratio = MathF.Log((float)n / maxExact) / (float)Math.Log((double)maxDistance / maxExact) * (buckets - maxExact);
        return Math.Min(maxExact + (long)ratio, buckets - 1);
    }

    /// <summary>The bias [heads, queries, keys] for query positions 0 … queries − 1 and key positions 0 … keys − 1.</summary>
    public override Tensor forward(long queries, long keys)
    {
        var indices = Buckets(queries, keys);
        var device = relative_attention_bias.weight!.device;
        using var scope = NewDisposeScope();
        var index = tensor(indices, [queries, keys]).to(device);
        return relative_attention_bias.call(index).permute(2, 0, 1).MoveToOuterDisposeScope();
    }

    private long[] Buckets(long queries, long keys)
    {
        var cached = cache;
        if (cached is not null && cached.Queries == queries && cached.Keys == keys)
        {
            return cached.Indices;
        }

        var indices = new long[queries * keys];
        for (long i = 0; i < queries; i++)
        {
            for (long j = 0; j < keys; j++)
            {
                indices[(i * keys) + j] = Bucket(j - i, buckets, maxDistance);
            }
        }

        cache = new BucketTable(queries, keys, indices);
        return indices;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            relative_attention_bias.Dispose();
        }

        base.Dispose(disposing);
    }
}
