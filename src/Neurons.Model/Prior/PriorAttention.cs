using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>Attention</c> as the NEURONS prior uses it (non-causal, cosine similarity, scale 16): pre-norm
/// <c>norm</c> (gain-only LayerNorm); multi-query projections <c>to_q</c> (dim → heads·dim_head) and <c>to_kv</c>
/// (dim → 2·dim_head, one key/value head shared by all query heads), no bias; rotary embedding <c>rotary_emb</c> on q
/// and k; a learned null key and value <c>null_kv</c> [2, dim_head] prepended to the keys and values (unrotated);
/// logits = 16 · cos(q, k) plus the relative-position bias; softmax; <c>to_out</c> = Linear(heads·dim_head → dim, no
/// bias) then LayerNorm. The caller adds the residual.
/// </summary>
internal sealed class PriorAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly PriorLayerNorm norm;
    private readonly Parameter null_kv;
    private readonly Linear to_q;
    private readonly Linear to_kv;
    private readonly RotaryEmbedding rotary_emb;
    private readonly Sequential to_out;
    private readonly int heads;
    private readonly int dimHead;

    public PriorAttention(int dim, int heads, int dimHead, int rotaryDim, Generator generator)
        : base(nameof(PriorAttention))
    {
        this.heads = heads;
        this.dimHead = dimHead;
        var inner = (long)heads * dimHead;
        norm = new PriorLayerNorm(dim);
        null_kv = PriorInit.Normal([2, dimHead], 1, generator);
        to_q = PriorInit.Linear(dim, inner, false, generator);
        to_kv = PriorInit.Linear(dim, 2L * dimHead, false, generator);
        rotary_emb = new RotaryEmbedding(rotaryDim);
        to_out = nn.Sequential(PriorInit.Linear(inner, dim, false, generator), new PriorLayerNorm(dim));
        RegisterComponents();
    }

    /// <summary>
    /// Cosine-similarity attention of multi-query tensors: q [B, H, n, d] over shared keys and values k, v [B, j, d]:
    /// softmax_j(√s·q̂ · √s·k̂ + bias) · v, where x̂ = x / max(‖x‖, 1e-12); bias [H, n, j] or null. Returns [B, H, n, d].
    /// </summary>
    public static Tensor CosineSimAttention(Tensor q, Tensor k, Tensor v, Tensor? bias, double scale)
    {
        using var scope = NewDisposeScope();
        var root = Math.Sqrt(scale);
        var qn = nn.functional.normalize(q, dim: -1).mul(root);
        var kn = nn.functional.normalize(k, dim: -1).mul(root);
        var sim = qn.matmul(kn.unsqueeze(1).transpose(-1, -2)); // [B, H, n, j]
        if (bias is not null)
        {
            sim = sim.add(bias);
        }

        var attn = sim.softmax(-1);
        return attn.matmul(v.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <param name="input">Tokens [B, n, dim].</param>
    /// <param name="attnBias">The relative-position bias [heads, n, n + 1] (key 0 is the null key).</param>
    public override Tensor forward(Tensor input, Tensor attnBias)
    {
        var batch = input.shape[0];
        var n = input.shape[1];
        using var scope = NewDisposeScope();
        var x = norm.call(input);
        var q = to_q.call(x).view(batch, n, heads, dimHead).transpose(1, 2).mul(PriorConfig.CosineSimScale);
        var kv = to_kv.call(x).chunk(2, -1);
        q = rotary_emb.call(q);
        var k = rotary_emb.call(kv[0]);
        var nullKey = null_kv[0].expand(batch, 1, dimHead);
        var nullValue = null_kv[1].expand(batch, 1, dimHead);
        k = cat([nullKey, k], 1);
        var v = cat([nullValue, kv[1]], 1);
        var attended = CosineSimAttention(q, k, v, attnBias, PriorConfig.CosineSimScale);
        var merged = attended.transpose(1, 2).reshape(batch, n, (long)heads * dimHead);
        return to_out.call(merged).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            norm.Dispose();
            to_q.Dispose();
            to_kv.Dispose();
            rotary_emb.Dispose();
            to_out.Dispose();
        }

        base.Dispose(disposing);
    }
}
