using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// The keys and values of the positions a GPT-2 has already seen, per layer ([B, heads, P, head width]), so that
/// incremental decoding runs each new token once instead of the whole sequence again. Used in eval mode only.
/// </summary>
internal sealed class Gpt2KeyValueCache : IDisposable
{
    private readonly Tensor?[] keys;
    private readonly Tensor?[] values;

    public Gpt2KeyValueCache(int layers)
    {
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
    }

    /// <summary>Gets the number of positions cached.</summary>
    public long Length => keys[0]?.shape[2] ?? 0;

    /// <summary>Appends a layer's new keys and values [B, heads, n, d] and returns all of them (the cache owns the results).</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor newKeys, Tensor newValues)
    {
        var k = keys[layer] is { } pastK ? cat([pastK, newKeys], 2) : newKeys.alias();
        var v = values[layer] is { } pastV ? cat([pastV, newValues], 2) : newValues.alias();
        keys[layer]?.Dispose();
        values[layer]?.Dispose();
        keys[layer] = k.DetachFromDisposeScope();
        values[layer] = v.DetachFromDisposeScope();
        return (k, v);
    }

    public void Dispose()
    {
        foreach (var t in keys.Concat(values))
        {
            t?.Dispose();
        }
    }
}
