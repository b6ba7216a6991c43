using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>Strict state-dict loading from safetensors: every key must match in name, shape and dtype.</summary>
public static class ModuleWeights
{
    /// <summary>
    /// Copies the tensors named <c>prefix + key</c> of <paramref name="reader"/> into the module's state dict. Strict:
    /// reports every missing, unexpected or mis-shaped key in one message; keys in <paramref name="skip"/> are ignored.
    /// </summary>
    public static void Load(nn.Module module, SafeTensorsReader reader, string prefix = "", IReadOnlySet<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(reader);
        var state = module.state_dict();
        var fileKeys = reader.Entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..]).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (key, t) in state)
        {
            if (skip?.Contains(key) == true)
            {
                continue;
            }

            if (!fileKeys.Contains(key))
            {
                problems.Add($"missing '{key}'");
                continue;
            }

            var entry = reader.Entries[prefix + key];
            if (!entry.Shape.SequenceEqual(t.shape) || entry.ScalarType != t.dtype)
            {
                problems.Add($"'{key}' is {entry.DType}[{string.Join(", ", entry.Shape)}], the model has {SafeTensors.ToDType(t.dtype)}[{string.Join(", ", t.shape)}]");
            }
        }

        problems.AddRange(fileKeys.Where(k => !state.ContainsKey(k) && skip?.Contains(k) != true).Select(k => $"unexpected '{k}'"));
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{reader.Path}: weights do not fit the model: {string.Join("; ", problems.Take(8))}{(problems.Count > 8 ? $" (+{problems.Count - 8} more)" : string.Empty)}");
        }

        using var noGrad = no_grad();
        foreach (var (key, t) in state)
        {
            if (skip?.Contains(key) == true)
            {
                continue;
            }

            using var saved = reader.Read(prefix + key);
            t.copy_(saved);
        }
    }

    /// <summary>Returns the module's state dict with every key prefixed (tensors are the module's own; do not dispose).</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> Prefixed(nn.Module module, string prefix)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.state_dict().Select(kv => new KeyValuePair<string, Tensor>(prefix + kv.Key, kv.Value));
    }
}
