using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// AdamW with decoupled weight decay, the arithmetic of <c>torch.optim.AdamW</c>'s single-tensor path:
/// <c>p ← p·(1 − lr·wd)</c>; <c>m ← β1·m + (1 − β1)·g</c>; <c>v ← β2·v + (1 − β2)·g²</c>;
/// <c>p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)</c>. Written here (not TorchSharp's) so that its state
/// (per-parameter moments and the step count) is saved in our checkpoints and β1 can follow the OneCycle cycle.
/// Parameters with no gradient are skipped, as torch does. Contiguous CPU float parameters are updated in one pass
/// per element (<see cref="FusedAdamW"/>: the same arithmetic with a third of the memory traffic, spread over
/// libtorch's intra-op thread count); others take torch's elementwise kernels.
/// </summary>
public sealed class AdamWOptimizer : IDisposable
{
    private readonly List<(string Name, Parameter Param, Tensor ExpAvg, Tensor ExpAvgSq)> slots = [];

    /// <summary>Initializes a new instance of the <see cref="AdamWOptimizer"/> class over the trainable parameters.</summary>
    /// <param name="parameters">Named parameters; those with <c>requires_grad = false</c> are ignored.</param>
    /// <param name="weightDecay">The decoupled weight decay (torch default 0.01).</param>
    /// <param name="beta2">β2 (0.999).</param>
    /// <param name="eps">ε (1e-8).</param>
    public AdamWOptimizer(IEnumerable<(string Name, Parameter Param)> parameters, double weightDecay = 0.01, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        WeightDecay = weightDecay;
        Beta2 = beta2;
        Eps = eps;
        foreach (var (name, p) in parameters)
        {
            if (p.requires_grad)
            {
                slots.Add((name, p, zeros_like(p), zeros_like(p)));
            }
        }
    }

    /// <summary>Gets the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Gets β2.</summary>
    public double Beta2 { get; }

    /// <summary>Gets ε.</summary>
    public double Eps { get; }

    /// <summary>Gets or sets the number of steps taken (torch keeps one per parameter; they are equal here).</summary>
    public long StepCount { get; set; }

    /// <summary>Gets the names of the optimised parameters, in order.</summary>
    public IEnumerable<string> ParameterNames => slots.Select(s => s.Name);

    /// <summary>Sets every gradient to none (<c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p, _, _) in slots)
        {
            p.grad?.Dispose();
            p.grad = null;
        }
    }

    /// <summary>
    /// Gets or sets whether contiguous CPU float32/float64 parameters take the single-pass <see cref="FusedAdamW"/>
    /// update (default) rather than torch's elementwise kernels; both compute the same arithmetic.
    /// </summary>
    internal bool Fused { get; set; } = true;

    /// <summary>Applies one update with the given learning rate and β1.</summary>
    public void Step(double lr, double beta1)
    {
        using var noGrad = no_grad();
        StepCount++;
        var bc1 = 1 - Math.Pow(beta1, StepCount);
        var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        var stepSize = lr / bc1;
        var fused = new List<(Tensor Param, Tensor Grad, Tensor ExpAvg, Tensor ExpAvgSq)>(slots.Count);
        try
        {
            foreach (var (_, p, m, v) in slots)
            {
                var g = p.grad;
                if (g is null)
                {
                    continue;
                }

                if (Fused && FusedAdamW.Supports(p, g, m, v))
                {
                    fused.Add((p, g, m, v));
                    continue;
                }

                using (g)
                {
                    p.mul_(1 - (lr * WeightDecay));
                    m.mul_(beta1).add_(g, alpha: 1 - beta1);
                    v.mul_(Beta2).addcmul_(g, g, value: 1 - Beta2);
                    using var root = v.sqrt();
                    using var denom = root.div_(bc2Sqrt).add_(Eps);
                    p.addcdiv_(m, denom, value: -stepSize);
                }
            }

            if (fused.Count > 0)
            {
                var c = new AdamWCoefficients(1 - (lr * WeightDecay), beta1, 1 - beta1, Beta2, 1 - Beta2, bc2Sqrt, Eps, -stepSize);
                FusedAdamW.Update(fused, c, torch.get_num_threads());
            }
        }
        finally
        {
            foreach (var (_, g, _, _) in fused)
            {
                g.Dispose();
            }
        }
    }

    /// <summary>Returns the state tensors keyed <c>&lt;param&gt;.exp_avg</c> and <c>&lt;param&gt;.exp_avg_sq</c> (views; do not dispose).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> StateTensors()
    {
        foreach (var (name, _, m, v) in slots)
        {
            yield return new(name + ".exp_avg", m);
            yield return new(name + ".exp_avg_sq", v);
        }
    }

    /// <summary>Copies saved state tensors (from <see cref="StateTensors"/>) back; every key must be present.</summary>
    public void LoadState(Func<string, Tensor> read, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var noGrad = no_grad();
        foreach (var (name, _, m, v) in slots)
        {
            using (var saved = read(name + ".exp_avg"))
            {
                m.copy_(saved);
            }

            using (var saved = read(name + ".exp_avg_sq"))
            {
                v.copy_(saved);
            }
        }

        StepCount = stepCount;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (_, _, m, v) in slots)
        {
            m.Dispose();
            v.Dispose();
        }

        slots.Clear();
    }
}
