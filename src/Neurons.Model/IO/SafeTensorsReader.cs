using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>
/// Reads a safetensors file: the header at open, each tensor on demand, streamed in chunks into a CPU tensor (so
/// tensors above 2 GB need no 2-GB buffer). Validates offsets against the file size.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    private readonly FileStream stream;
    private readonly long dataStart;

    /// <summary>Initializes a new instance of the <see cref="SafeTensorsReader"/> class and parses the header.</summary>
    public SafeTensorsReader(string path)
    {
        Path = path;
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            Span<byte> len = stackalloc byte[8];
            stream.ReadExactly(len);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
            if (headerLength > 100_000_000 || (long)headerLength > stream.Length - 8)
            {
                throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength})");
            }

            var json = new byte[headerLength];
            stream.ReadExactly(json);
            dataStart = 8 + (long)headerLength;
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(json).TrimEnd(' ', '\0'));
            var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                var dtype = prop.Value.GetProperty("dtype").GetString() ?? string.Empty;
                var shape = prop.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = prop.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var entry = new SafeTensorsEntry(prop.Name, dtype, shape, offsets[0], offsets[1]);
                var expected = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(entry.ScalarType);
                if (offsets[1] - offsets[0] != expected || dataStart + offsets[1] > stream.Length || offsets[0] < 0)
                {
                    throw new InvalidDataException($"{path}: tensor '{prop.Name}' has data_offsets [{offsets[0]}, {offsets[1]}] inconsistent with dtype {dtype} shape [{string.Join(", ", shape)}] or the file size");
                }

                entries[prop.Name] = entry;
            }

            Entries = entries;
            Metadata = metadata;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Gets the file path.</summary>
    public string Path { get; }

    /// <summary>Gets the tensors described in the header.</summary>
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries { get; }

    /// <summary>Gets the string metadata (<c>__metadata__</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads a tensor into a new CPU tensor (caller disposes).</summary>
    public Tensor Read(string name, int chunkBytes = SafeTensors.DefaultChunkBytes)
    {
        if (!Entries.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"{Path}: no tensor '{name}'");
        }

        var result = empty(entry.Shape, dtype: entry.ScalarType, device: CPU);
        try
        {
            var total = result.numel();
            if (total == 0)
            {
                return result;
            }

            var elem = (int)result.element_size();
            var perChunk = Math.Max(1, chunkBytes / elem);
            stream.Position = dataStart + entry.Begin;
            using var flat = result.view(-1);
            for (long start = 0; start < total; start += perChunk)
            {
                var n = Math.Min(perChunk, total - start);
                using var part = flat.narrow(0, start, n);
                if (start == 0 && n == total)
                {
                    stream.ReadExactly(part.bytes);
                }
                else
                {
                    using var buffer = empty(n, dtype: entry.ScalarType, device: CPU);
                    stream.ReadExactly(buffer.bytes);
                    part.copy_(buffer);
                }
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();

    private static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
