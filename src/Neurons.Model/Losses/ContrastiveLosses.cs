using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Losses;

/// <summary>
/// The contrastive losses of MindEye2 / NEURONS <c>utils.py</c> (docs/model.md): MixCo voxel mixing, BiMixCo
/// (<c>mixco_nce</c>), SoftCLIP (<c>soft_clip_loss</c>) and bidirectional InfoNCE. Predictions and targets are passed
/// already flattened and L2-normalised, as the reference's callers do.
/// </summary>
public static class ContrastiveLosses
{
    /// <summary>Stage-1 vision temperature of BiMixCo.</summary>
    public const double BiMixCoTemperature = 0.006;

    /// <summary>Temperature of the text InfoNCE loss.</summary>
    public const double TextTemperature = 0.1;

    /// <summary>Start of the SoftCLIP temperature anneal.</summary>
    public const double SoftClipStartTemperature = 0.004;

    /// <summary>End of the SoftCLIP temperature anneal.</summary>
    public const double SoftClipEndTemperature = 0.0075;

    /// <summary>
    /// MixCo (<c>utils.mixco</c>): each sample is mixed with probability <paramref name="mixProbability"/> with a
    /// partner from a random permutation, <c>x = β·x + (1 − β)·x[perm]</c>, β ~ Beta(<paramref name="beta"/>,
    /// <paramref name="beta"/>) per sample; unmixed samples get β = 1. Draw order: permutation, β, selection.
    /// </summary>
    /// <param name="voxels">Voxels [B, …] (not modified).</param>
    /// <param name="generator">The random stream.</param>
    /// <param name="beta">The Beta concentration (0.15).</param>
    /// <param name="mixProbability">The mixing probability <c>s_thresh</c> (0.5).</param>
    public static MixCoBatch MixCo(Tensor voxels, Generator generator, double beta = 0.15, double mixProbability = 0.5)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        var n = voxels.shape[0];
        var device = voxels.device;
        using var scope = NewDisposeScope();
        var perm = randperm(n, dtype: ScalarType.Int64, device: device, generator: generator);
        var alpha = full(new long[] { 2, n }, beta, dtype: ScalarType.Float64, device: device);
        var gammas = _standard_gamma(alpha, generator);
        var betas = gammas[0].div(gammas[0].add(gammas[1])).to(voxels.dtype);
        var select = rand(n, dtype: ScalarType.Float32, device: device, generator: generator).le(mixProbability);
        return MixWith(voxels, perm, betas, select).MoveToOuter();
    }

    /// <summary>Mixes with given draws (the deterministic half of <see cref="MixCo"/>; <paramref name="betas"/> is not modified).</summary>
    public static MixCoBatch MixWith(Tensor voxels, Tensor perm, Tensor betas, Tensor select)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        using var scope = NewDisposeScope();
        var shape = new long[voxels.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var b = betas.reshape(shape);
        var shuffled = voxels.index_select(0, perm);
        var mixed = voxels.mul(b).add(shuffled.mul(b.neg().add(1)));
        var sel = select.reshape(shape);
        var output = where(sel, mixed, voxels);
        var finalBetas = where(select, betas, ones_like(betas));
        return new MixCoBatch(
            output.MoveToOuterDisposeScope(),
            perm.clone().MoveToOuterDisposeScope(),
            finalBetas.MoveToOuterDisposeScope(),
            select.clone().MoveToOuterDisposeScope());
    }

    /// <summary>
    /// BiMixCo (<c>utils.mixco_nce</c> with mixing): logits = preds·targsᵀ / temp; the soft target of row i holds β_i on
    /// the diagonal and, written afterwards, 1 − β_i at column perm[i] (so a sample permuted onto itself keeps
    /// 1 − β_i there, as in the reference). Cross-entropy of the row log-softmax against it, averaged with the same on
    /// the transposed logits.
    /// </summary>
    /// <param name="preds">Normalised predictions [B, K].</param>
    /// <param name="targs">Normalised targets [B, K].</param>
    /// <param name="temperature">The temperature (0.006 in stage 1).</param>
    /// <param name="perm">The MixCo permutation [B].</param>
    /// <param name="betas">The MixCo βs [B] (1 where unmixed).</param>
    public static Tensor BiMixCo(Tensor preds, Tensor targs, double temperature, Tensor perm, Tensor betas)
    {
        ArgumentNullException.ThrowIfNull(preds);
        ArgumentNullException.ThrowIfNull(targs);
        ArgumentNullException.ThrowIfNull(perm);
        ArgumentNullException.ThrowIfNull(betas);
        using var scope = NewDisposeScope();
        var logits = preds.matmul(targs.T).div(temperature);
        var probs = diag(betas.to(logits.dtype));
        var index = perm.reshape(-1, 1);
        var src = betas.to(logits.dtype).neg().add(1).reshape(-1, 1);
        probs = probs.scatter(1, index, src);
        var loss1 = logits.log_softmax(-1).mul(probs).sum(-1).mean().neg();
        var loss2 = logits.T.log_softmax(-1).mul(probs.T).sum(-1).mean().neg();
        return loss1.add(loss2).div(2).MoveToOuterDisposeScope();
    }

    /// <summary>Bidirectional InfoNCE (<c>mixco_nce</c> without mixing): mean of the cross-entropies of the logits and of their transpose against the diagonal.</summary>
    public static Tensor InfoNce(Tensor preds, Tensor targs, double temperature)
    {
        ArgumentNullException.ThrowIfNull(preds);
        ArgumentNullException.ThrowIfNull(targs);
        using var scope = NewDisposeScope();
        var logits = preds.matmul(targs.T).div(temperature);
        var labels = arange(logits.shape[0], dtype: ScalarType.Int64, device: logits.device);
        var loss1 = F.cross_entropy(logits, labels);
        var loss2 = F.cross_entropy(logits.T, labels);
        return loss1.add(loss2).div(2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// SoftCLIP (<c>utils.soft_clip_loss</c>): soft targets softmax(targs·targsᵀ / temp); the mean over rows of
    /// −Σ targets·log_softmax(preds·targsᵀ / temp), averaged with the same on the transposed logits.
    /// </summary>
    public static Tensor SoftClip(Tensor preds, Tensor targs, double temperature)
    {
        ArgumentNullException.ThrowIfNull(preds);
        ArgumentNullException.ThrowIfNull(targs);
        using var scope = NewDisposeScope();
        var clipClip = targs.matmul(targs.T).div(temperature).softmax(-1);
        var brainClip = preds.matmul(targs.T).div(temperature);
        var loss1 = brainClip.log_softmax(-1).mul(clipClip).sum(-1).mean().neg();
        var loss2 = brainClip.T.log_softmax(-1).mul(clipClip).sum(-1).mean().neg();
        return loss1.add(loss2).div(2).MoveToOuterDisposeScope();
    }

    /// <summary>Flattens to [B, K] and L2-normalises each row (<c>nn.functional.normalize(x.flatten(1), dim=-1)</c>).</summary>
    public static Tensor FlattenNormalize(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var flat = x.flatten(1);
        return F.normalize(flat, p: 2, dim: -1);
    }

    /// <summary>
    /// <c>utils.cosine_anneal(start, end, steps)</c>: <c>end + (start − end)/2 · (1 + cos(π·i/(steps − 1)))</c> for
    /// i = 0 … steps − 1 (the SoftCLIP temperature per epoch).
    /// </summary>
    public static double[] CosineAnneal(double start, double end, int steps)
    {
        if (steps < 1)
        {
            return [];
        }

        if (steps == 1)
        {
            return [start];
        }

        return Enumerable.Range(0, steps)
            .Select(i => end + ((start - end) / 2 * (1 + Math.Cos(Math.PI * i / (steps - 1)))))
            .ToArray();
    }

    private static MixCoBatch MoveToOuter(this MixCoBatch batch)
    {
        batch.Voxels.MoveToOuterDisposeScope();
        batch.Permutation.MoveToOuterDisposeScope();
        batch.Betas.MoveToOuterDisposeScope();
        batch.Selected.MoveToOuterDisposeScope();
        return batch;
    }
}
