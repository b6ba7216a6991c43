using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Neurons.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Checkpoints;

/// <summary>
/// Reads and writes checkpoints under the reference's key names (<see cref="ReferenceKeyMap"/>): the authors' and
/// MindEye2's <c>.pth</c> files into our modules with PyTorch's <c>load_state_dict(strict=False)</c> semantics, and
/// our weights out as a <c>.pth</c> the authors' scripts load (docs/checkpoints.md).
/// </summary>
public static partial class ReferenceCheckpoint
{
    /// <summary>
    /// Copies a checkpoint's tensors into <paramref name="model"/> as PyTorch's <c>load_state_dict(strict=False)</c>
    /// does on the reference model: the model's keys absent from the file are reported missing and keep their values,
    /// the file's keys with no place in the model are reported unexpected and ignored, a shape mismatch is an error
    /// (<c>size mismatch for …</c>, one line; a ridge of another subject says so). Float tensors of another dtype are
    /// converted to the model's.
    /// </summary>
    /// <exception cref="InvalidDataException">A shape or dtype mismatch, or (with <see cref="ReferenceLoadOptions.RequireAll"/>) a missing key.</exception>
    public static StateDictReport Load(nn.Module model, ReferenceKeyMap map, StateDict file, ReferenceLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(file);
        options ??= new ReferenceLoadOptions();
        var expected = Expected(model, map, options.Parts);
        var tied = map.Tied.Keys.Where(k => InParts(k, options.Parts)).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(e => !file.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var unexpected = Unexpected(expected.Select(e => e.Key).Concat(tied), file.Keys);
        var errors = new List<string>();
        var converted = new List<string>();
        foreach (var e in expected)
        {
            if (!file.TryGetValue(e.Key, out var t))
            {
                continue;
            }

            var want = e.Transposed ? e.Tensor.shape.Reverse().ToArray() : e.Tensor.shape;
            if (!t.shape.SequenceEqual(want))
            {
                errors.Add(RidgeMismatch(e.Key, t.shape, want) ?? string.Create(
                    CultureInfo.InvariantCulture,
                    $"size mismatch for {e.Key}: copying a param with shape {TorchSize(t.shape)} from checkpoint, the shape in current model is {TorchSize(want)}"));
            }
            else if (t.is_floating_point() != e.Tensor.is_floating_point() || (!t.is_floating_point() && t.dtype != e.Tensor.dtype))
            {
                errors.Add($"dtype mismatch for {e.Key}: the checkpoint has {t.dtype}, the model {e.Tensor.dtype}");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{file.Path} [{file.Source}]: Error(s) in loading state_dict: {string.Join("; ", errors.Take(4))}{(errors.Count > 4 ? $" (+{errors.Count - 4} more)" : string.Empty)}");
        }

        if (options.RequireAll && missing.Count > 0)
        {
            throw new InvalidDataException($"{file.Path} [{file.Source}]: {missing.Count} weight(s) of the model are not in the checkpoint: {string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? ", …" : string.Empty)}");
        }

        var loaded = 0;
        using (no_grad())
        {
            foreach (var e in expected)
            {
                if (!file.TryGetValue(e.Key, out var t))
                {
                    continue;
                }

                using var src = e.Transposed ? t.t() : t.alias();
                e.Tensor.copy_(src);
                loaded++;
                if (t.dtype != e.Tensor.dtype)
                {
                    converted.Add(e.Key);
                }
            }
        }

        return new StateDictReport(file.Path, file.Source, loaded, missing, unexpected, converted);
    }

    /// <summary>
    /// Reads <paramref name="path"/> (<see cref="PthFile.Read"/>) and loads it
    /// (<see cref="Load(nn.Module, ReferenceKeyMap, StateDict, ReferenceLoadOptions?)"/>); the report's summary goes to
    /// <paramref name="logger"/> when given.
    /// </summary>
    public static StateDictReport Load(nn.Module model, ReferenceKeyMap map, string path, ReferenceLoadOptions? options = null, string? key = null, ILogger? logger = null)
    {
        using var file = PthFile.Read(path, key);
        var report = Load(model, map, file, options);
        if (logger is not null)
        {
            Log.CheckpointLoaded(logger, report.Summary());
        }

        return report;
    }

    /// <summary>
    /// Writes the model's weights under the reference's key names and order as <c>{"model_state_dict": …, extra…}</c>
    /// in <c>torch.save</c>'s format (the layout of the reference's <c>save_ckpt</c>, without optimiser state), so
    /// <c>model.load_state_dict(torch.load(path)["model_state_dict"])</c> works in the authors' scripts.
    /// </summary>
    public static void Export(string path, nn.Module model, ReferenceKeyMap map, IReadOnlyDictionary<string, object>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(map);
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var e in Expected(model, map, null))
        {
            tensors.Add(new(e.Key, e.Transposed ? e.Tensor.detach().t() : e.Tensor.detach()));
        }

        foreach (var (key, to) in map.Tied)
        {
            var source = tensors.FindIndex(kv => kv.Key == to);
            if (source < 0)
            {
                continue;
            }

            var module = key[..(key.LastIndexOf('.', key.LastIndexOf('.') - 1) + 1)];
            var last = tensors.FindLastIndex(kv => kv.Key.StartsWith(module, StringComparison.Ordinal));
            tensors.Insert(last + 1, new(key, tensors[source].Value));
        }

        PthFile.Write(path, tensors, "model_state_dict", extra);
    }

    /// <summary>The reference's keys and shapes for our model, in the reference's order (tied keys included).</summary>
    public static IReadOnlyList<(string Key, long[] Shape)> ReferenceKeys(nn.Module model, ReferenceKeyMap map)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(map);
        var list = Expected(model, map, null).Select(e => (e.Key, Shape: e.Transposed ? e.Tensor.shape.Reverse().ToArray() : e.Tensor.shape)).ToList();
        foreach (var (key, to) in map.Tied)
        {
            var source = list.FindIndex(kv => kv.Key == to);
            if (source >= 0)
            {
                var module = key[..(key.LastIndexOf('.', key.LastIndexOf('.') - 1) + 1)];
                list.Insert(list.FindLastIndex(kv => kv.Key.StartsWith(module, StringComparison.Ordinal)) + 1, (key, list[source].Shape));
            }
        }

        return list;
    }

    private static List<(string Key, Tensor Tensor, bool Transposed)> Expected(nn.Module model, ReferenceKeyMap map, IReadOnlyList<string>? parts) =>
        model.state_dict()
            .Select(kv => (Mapped: map.ToReference(kv.Key), kv.Value))
            .Where(x => InParts(x.Mapped.Key, parts))
            .Select((x, i) => (x.Mapped.Key, x.Value, x.Mapped.Transposed, Index: i))
            .OrderBy(x => map.Rank(x.Key)).ThenBy(x => x.Index)
            .Select(x => (x.Key, x.Value, x.Transposed))
            .ToList();

    private static bool InParts(string key, IReadOnlyList<string>? parts) =>
        parts is null || parts.Any(p => key.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>
    /// PyTorch's unexpected keys: walking the modules depth-first (modules = the key prefixes of the model's state),
    /// a file key under a module's prefix whose next name is neither a child module nor a tensor of that module.
    /// </summary>
    private static List<string> Unexpected(IEnumerable<string> modelKeys, IReadOnlyList<string> fileKeys)
    {
        var root = new Node();
        foreach (var key in modelKeys)
        {
            var node = root;
            var parts = key.Split('.');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                node = node.Child(parts[i]);
            }

            node.Leaves.Add(parts[^1]);
        }

        var result = new List<string>();
        Visit(root, string.Empty);
        return result;

        void Visit(Node node, string prefix)
        {
            foreach (var key in fileKeys)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = key[prefix.Length..];
                var dot = rest.IndexOf('.', StringComparison.Ordinal);
                var name = dot < 0 ? rest : rest[..dot];
                if (!node.Children.ContainsKey(name) && !node.Leaves.Contains(name))
                {
                    result.Add(key);
                }
            }

            foreach (var (name, child) in node.Order.Select(n => (n, node.Children[n])))
            {
                Visit(child, prefix + name + ".");
            }
        }
    }

    private static string? RidgeMismatch(string key, long[] file, long[] model)
    {
        var m = RidgeWeight().Match(key);
        return m.Success && file.Length == 2 && model.Length == 2 && file[1] != model[1]
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{key} is [{file[0]}, {file[1]}]: the checkpoint's subject {m.Groups[1].Value} has {file[1]} voxels, this model's has {model[1]} (another subject or voxel selection); such a checkpoint can only initialise the shared parts (init_from, which leaves the ridge fresh as the reference does)")
            : null;
    }

    private static string TorchSize(long[] shape) => $"torch.Size([{string.Join(", ", shape)}])";

    [GeneratedRegex(@"^ridge\.linears\.(\d+)\.weight$")]
    private static partial Regex RidgeWeight();

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];

        public HashSet<string> Leaves { get; } = new(StringComparer.Ordinal);

        public Node Child(string name)
        {
            if (!Children.TryGetValue(name, out var node))
            {
                node = new Node();
                Children[name] = node;
                Order.Add(name);
            }

            return node;
        }
    }
}
