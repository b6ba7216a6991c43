using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>
/// PyTorch checkpoints (<c>torch.save</c>'s zip format, <c>.pth</c>/<c>.pt</c>) through TorchSharp.PyBridge, and their
/// safetensors conversions. A file holds either a state dict at the top level or a dictionary with the state dict
/// under a key: MindEye2's and NEURONS' checkpoints keep it under <c>model_state_dict</c> beside
/// <c>optimizer_state_dict</c>, <c>lr_scheduler</c>, <c>epoch</c> and loss lists.
/// </summary>
/// <remarks>
/// PyBridge cannot read every pickle: a checkpoint whose learning-rate scheduler state pickles a bound method
/// (PyTorch's <c>OneCycleLR</c> before 2.2 stores <c>anneal_func</c>), which drags the optimiser and its
/// <c>nn.Parameter</c>s into the pickle, whole pickled modules, and the pre-1.6 (non-zip) format. It also reads every
/// tensor of the file, optimiser moments included, into memory. For those files, and for paper-size checkpoints,
/// <c>tools/checkpoints/pth_to_safetensors.py</c> (PyTorch only) writes the state dict as safetensors, which
/// <see cref="Read"/> accepts as well (docs/checkpoints.md).
/// </remarks>
public static class PthFile
{
    /// <summary>The keys a nested checkpoint keeps its state dict under, tried in this order.</summary>
    public static readonly IReadOnlyList<string> NestedKeys = ["model_state_dict", "state_dict", "model", "module"];

    /// <summary>The converter that handles what PyBridge cannot read.</summary>
    public const string ConverterHint = "convert it with `python3 tools/checkpoints/pth_to_safetensors.py IN.pth OUT.safetensors` (PyTorch only; docs/checkpoints.md) and use the .safetensors file";

    /// <summary>
    /// Reads the state dict of a checkpoint: a <c>torch.save</c> zip file (top-level state dict, or nested under
    /// <paramref name="key"/> or else the first of <see cref="NestedKeys"/> present) or a safetensors file.
    /// Every other tensor of the file (optimiser state) is freed.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not readable as a checkpoint (one line with the remedy).</exception>
    public static StateDict Read(string path, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"checkpoint not found: {path}", path);
        }

        var kind = Sniff(path);
        return kind switch
        {
            FileKind.Zip => ReadPickle(path, key),
            FileKind.SafeTensors => ReadSafeTensors(path, key),
            _ => throw new InvalidDataException($"{path}: neither a torch.save zip file nor safetensors (a checkpoint in the legacy pre-1.6 torch.save format?); {ConverterHint}"),
        };
    }

    /// <summary>
    /// Writes tensors as a <c>torch.save</c>-compatible file, atomically (temp file, fsync, rename): the state dict
    /// under <paramref name="nestUnder"/> beside <paramref name="extra"/> entries (ints, doubles, strings), or at the top
    /// level when <paramref name="nestUnder"/> is null. <c>torch.load(path)["model_state_dict"]</c> then gives a dict the
    /// reference's <c>load_state_dict</c> accepts.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, string? nestUnder = "model_state_dict", IReadOnlyDictionary<string, object>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = Neurons.Files.TempOwner.Name(full, Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in tensors)
        {
            if (!state.TryAdd(name, t.detach().cpu().contiguous().clone()))
            {
                throw new ArgumentException($"duplicate tensor name '{name}'", nameof(tensors));
            }
        }

        IDictionary root;
        if (nestUnder is null)
        {
            root = state;
        }
        else
        {
            var nested = new Dictionary<string, object>(StringComparer.Ordinal) { [nestUnder] = state };
            foreach (var (k, v) in extra ?? new Dictionary<string, object>())
            {
                nested[k] = v;
            }

            root = nested;
        }

        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                PyTorchPickler.PickleStateDict(stream, root, leaveOpen: true);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    private enum FileKind
    {
        Unknown,
        Zip,
        SafeTensors,
    }

    private static FileKind Sniff(string path)
    {
        Span<byte> head = stackalloc byte[9];
        using var s = File.OpenRead(path);
        var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04)
        {
            return FileKind.Zip;
        }

        // safetensors: an 8-byte little-endian header length, then a JSON object.
        return n == 9 && head[8] == (byte)'{' ? FileKind.SafeTensors : FileKind.Unknown;
    }

    private static StateDict ReadSafeTensors(string path, string? key)
    {
        using var reader = new SafeTensorsReader(path);
        var source = reader.Metadata.TryGetValue("neurons.source", out var s) ? s : "(top level)";
        if (key is not null && reader.Metadata.TryGetValue("neurons.source", out var saved) && saved != key)
        {
            throw new InvalidDataException($"{path}: holds the state dict of '{saved}', not '{key}'");
        }

        var list = new List<KeyValuePair<string, Tensor>>();
        try
        {
            foreach (var name in reader.Entries.Keys)
            {
                list.Add(new(name, reader.Read(name)));
            }
        }
        catch
        {
            list.ForEach(kv => kv.Value.Dispose());
            throw;
        }

        return new StateDict(path, source, list);
    }

    private static StateDict ReadPickle(string path, string? key)
    {
        Hashtable root;
        try
        {
            using var stream = File.OpenRead(path);
            root = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: TorchSharp.PyBridge cannot read this checkpoint ({ex.GetType().Name}: {FirstLine(ex.Message)}); {ConverterHint}", ex);
        }

        try
        {
            var (source, dict) = Select(path, root, key);
            var list = new List<KeyValuePair<string, Tensor>>();
            foreach (DictionaryEntry e in dict)
            {
                if (e.Key is string name && e.Value is Tensor t)
                {
                    list.Add(new(name, t));
                }
            }

            // Hashtables keep no order: sort by name so reports are deterministic (safetensors keep the file order).
            list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var kept = new HashSet<Tensor>(list.Select(kv => kv.Value), ReferenceEqualityComparer.Instance);
            DisposeTensors(root, kept);
            return new StateDict(path, source, list);
        }
        catch
        {
            DisposeTensors(root, new HashSet<Tensor>(ReferenceEqualityComparer.Instance));
            throw;
        }
    }

    private static (string Source, IDictionary Dict) Select(string path, Hashtable root, string? key)
    {
        if (key is not null)
        {
            return root[key] is IDictionary d && IsStateDict(d)
                ? (key, d)
                : throw new InvalidDataException($"{path}: has no state dict under '{key}' (top-level keys: {TopKeys(root)})");
        }

        if (root.Count > 0 && IsStateDict(root))
        {
            return ("(top level)", root);
        }

        foreach (var k in NestedKeys)
        {
            if (root[k] is IDictionary d && IsStateDict(d))
            {
                return (k, d);
            }
        }

        throw new InvalidDataException($"{path}: no state dict at the top level nor under {string.Join(", ", NestedKeys.Select(k => $"'{k}'"))} (top-level keys: {TopKeys(root)})");
    }

    private static bool IsStateDict(IDictionary d) => d.Values.Cast<object?>().All(v => v is Tensor);

    private static string TopKeys(Hashtable root) =>
        string.Join(", ", root.Keys.Cast<object>().Select(k => k?.ToString() ?? "None").Order(StringComparer.Ordinal).Take(12));

    private static string FirstLine(string message)
    {
        var i = message.IndexOfAny(['\r', '\n']);
        return i < 0 ? message : message[..i];
    }

    private static void DisposeTensors(object? node, HashSet<Tensor> keep)
    {
        switch (node)
        {
            case Tensor t when !keep.Contains(t):
                t.Dispose();
                break;
            case IDictionary d:
                foreach (DictionaryEntry e in d)
                {
                    DisposeTensors(e.Value, keep);
                }

                break;
            case IEnumerable list and not string:
                foreach (var item in list)
                {
                    DisposeTensors(item, keep);
                }

                break;
        }
    }
}
