using static TorchSharp.torch;

namespace Neurons.Model.Tests.Fixtures;

/// <summary>Bit-level tensor comparison (dtype, shape and every byte).</summary>
internal static class Bits
{
    public static bool Same(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var ca = a.detach().cpu().contiguous();
        using var cb = b.detach().cpu().contiguous();
        return ca.bytes.SequenceEqual(cb.bytes);
    }
}
