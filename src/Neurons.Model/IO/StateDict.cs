using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>
/// A state dict read from a file: tensor names (in the file's order where the format keeps it) and CPU tensors this
/// object owns. <see cref="Source"/> says where in the file they came from (e.g. <c>model_state_dict</c>).
/// </summary>
public sealed class StateDict : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> entries;
    private readonly Dictionary<string, Tensor> byName;

    /// <summary>Initializes a new instance of the <see cref="StateDict"/> class, taking ownership of the tensors.</summary>
    /// <param name="path">The file the tensors came from.</param>
    /// <param name="source">Where in the file: the nesting key, or <c>(top level)</c>.</param>
    /// <param name="entries">The tensors by name.</param>
    public StateDict(string path, string source, IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Path = path;
        Source = source;
        this.entries = entries.ToList();
        byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, t) in this.entries)
        {
            if (!byName.TryAdd(k, t))
            {
                throw new InvalidDataException($"{path}: tensor '{k}' appears twice");
            }
        }
    }

    /// <summary>Gets the file path.</summary>
    public string Path { get; }

    /// <summary>Gets where in the file the state dict was found (<c>model_state_dict</c>, <c>(top level)</c>, …).</summary>
    public string Source { get; }

    /// <summary>Gets the tensor names in order.</summary>
    public IReadOnlyList<string> Keys => entries.Select(e => e.Key).ToList();

    /// <summary>Gets the number of tensors.</summary>
    public int Count => entries.Count;

    /// <summary>Gets the tensor of a name.</summary>
    public Tensor this[string key] => byName[key];

    /// <summary>Gets the tensor of a name, if present.</summary>
    public bool TryGetValue(string key, out Tensor tensor) => byName.TryGetValue(key, out tensor!);

    /// <summary>Returns whether a tensor of this name is present.</summary>
    public bool ContainsKey(string key) => byName.ContainsKey(key);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (_, t) in entries)
        {
            t.Dispose();
        }

        entries.Clear();
        byName.Clear();
    }
}
