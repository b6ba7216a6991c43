using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// One pass of the AdamW update over contiguous CPU float32/float64 tensors, in .NET SIMD code: each element of
/// parameter, gradient and both moments is read once and written once (7 memory streams), where torch's
/// single-tensor path runs nine elementwise kernels (≈ 22 streams). The arithmetic and its order are those of
/// <c>torch.optim.AdamW</c> (<c>_single_tensor_adamw</c>), with the scalars rounded to the tensor's dtype as
/// ATen does: <c>p ← p·decay</c>; <c>m ← m·β1 + (1 − β1)·g</c>; <c>v ← v·β2 + ((1 − β2)·g)·g</c>;
/// <c>p ← p + step·(m / (√v / bc2 + ε))</c>. The work is cut into chunks spread over the given number of threads.
/// </summary>
internal static class FusedAdamW
{
    private const int ChunkElements = 1 << 17;

    /// <summary>Returns whether the four tensors can take the fused path (CPU, same float dtype, contiguous, same size).</summary>
    public static bool Supports(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq)
    {
        var dtype = param.dtype;
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            return false;
        }

        var n = param.numel();
        foreach (var t in new[] { param, grad, expAvg, expAvgSq })
        {
            if (t.device_type != DeviceType.CPU || t.dtype != dtype || t.numel() != n || !t.is_contiguous())
            {
                return false;
            }
        }

        return n * param.element_size() <= int.MaxValue;
    }

    /// <summary>Updates every (parameter, gradient, exp_avg, exp_avg_sq) in place.</summary>
    /// <param name="tensors">Tensors that passed <see cref="Supports"/>.</param>
    /// <param name="c">The step's coefficients.</param>
    /// <param name="threads">How many threads share the work (1 runs on the caller's thread).</param>
    public static void Update(IReadOnlyList<(Tensor Param, Tensor Grad, Tensor ExpAvg, Tensor ExpAvgSq)> tensors, AdamWCoefficients c, int threads)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(c);
        var work = new List<(int Tensor, int Start, int Length)>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var n = (int)tensors[i].Param.numel();
            for (var start = 0; start < n; start += ChunkElements)
            {
                work.Add((i, start, Math.Min(ChunkElements, n - start)));
            }
        }

        void Run(int w)
        {
            var (index, start, length) = work[w];
            var (p, g, m, v) = tensors[index];
            if (p.dtype == ScalarType.Float32)
            {
                Kernel(Slice<float>(p, start, length), Slice<float>(g, start, length), Slice<float>(m, start, length), Slice<float>(v, start, length), c);
            }
            else
            {
                Kernel(Slice<double>(p, start, length), Slice<double>(g, start, length), Slice<double>(m, start, length), Slice<double>(v, start, length), c);
            }
        }

        if (threads <= 1 || work.Count <= 1)
        {
            for (var w = 0; w < work.Count; w++)
            {
                Run(w);
            }
        }
        else
        {
            Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, Run);
        }
    }

    /// <summary>The update of one chunk (public for the equality test of the vector and scalar paths).</summary>
    internal static void Kernel<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamWCoefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var decay = T.CreateTruncating(c.Decay);
        var b1 = T.CreateTruncating(c.Beta1);
        var a1 = T.CreateTruncating(c.OneMinusBeta1);
        var b2 = T.CreateTruncating(c.Beta2);
        var a2 = T.CreateTruncating(c.OneMinusBeta2);
        var bc2 = T.CreateTruncating(c.BiasCorrection2Sqrt);
        var eps = T.CreateTruncating(c.Eps);
        var step = T.CreateTruncating(c.NegativeStepSize);
        var i = 0;
        if (Vector.IsHardwareAccelerated && p.Length >= Vector<T>.Count)
        {
            var vp = MemoryMarshal.Cast<T, Vector<T>>(p);
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g);
            var vm = MemoryMarshal.Cast<T, Vector<T>>(m);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
            Vector<T> vDecay = new(decay), vB1 = new(b1), vA1 = new(a1), vB2 = new(b2), vA2 = new(a2), vBc2 = new(bc2), vEps = new(eps), vStep = new(step);
            for (var k = 0; k < vp.Length; k++)
            {
                var gk = vg[k];
                var mk = (vm[k] * vB1) + (vA1 * gk);
                var sk = (vv[k] * vB2) + (vA2 * gk * gk);
                var denom = (Vector.SquareRoot(sk) / vBc2) + vEps;
                vp[k] = (vp[k] * vDecay) + (vStep * (mk / denom));
                vm[k] = mk;
                vv[k] = sk;
            }

            i = vp.Length * Vector<T>.Count;
        }

        for (; i < p.Length; i++)
        {
            var gi = g[i];
            var mi = (m[i] * b1) + (a1 * gi);
            var si = (v[i] * b2) + (a2 * gi * gi);
            var denom = (T.Sqrt(si) / bc2) + eps;
            p[i] = (p[i] * decay) + (step * (mi / denom));
            m[i] = mi;
            v[i] = si;
        }
    }

    // Tensor.bytes is a live view of a contiguous CPU tensor's memory (no copy); cut this chunk out of it.
    private static Span<T> Slice<T>(Tensor t, int start, int length)
        where T : struct => MemoryMarshal.Cast<byte, T>(t.bytes).Slice(start, length);
}
