using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>
/// Writes the safetensors format (8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}</c> padded with spaces to 8 bytes, then
/// the raw little-endian data). Tensors are streamed in chunks, so files and tensors above 2 GB work; files are
/// written to a temporary name (<c>&lt;file&gt;.tmp-&lt;host&gt;_&lt;pid&gt;-&lt;thread&gt;</c>, which a later run removes once
/// its owner is provably dead), flushed to disk and renamed into place.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest chunk copied between a tensor and a stream at once.</summary>
    internal const int DefaultChunkBytes = 64 << 20;

    /// <summary>Maps a torch scalar type to its safetensors dtype code.</summary>
    public static string ToDType(ScalarType type) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no dtype for {type}"),
    };

    /// <summary>Maps a safetensors dtype code to a torch scalar type.</summary>
    public static ScalarType ToScalarType(string dtype) => dtype switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new NotSupportedException($"unsupported safetensors dtype '{dtype}'"),
    };

    /// <summary>Writes tensors and string metadata to <paramref name="path"/> atomically (temp file, fsync, rename).</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = Neurons.Files.TempOwner.Name(full, Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(stream, tensors, metadata);
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

    /// <summary>Writes tensors (any device, any contiguity) and string metadata to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata)
            {
                meta[k] = v;
            }

            header["__metadata__"] = meta;
        }

        long offset = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, t) in list)
        {
            if (!seen.Add(name) || name == "__metadata__")
            {
                throw new ArgumentException($"duplicate or reserved tensor name '{name}'", nameof(tensors));
            }

            var bytes = t.numel() * t.element_size();
            header[name] = new JsonObject
            {
                ["dtype"] = ToDType(t.dtype),
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes)),
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var (_, t) in list)
        {
            WriteData(stream, t, chunkBytes);
        }
    }

    private static void WriteData(Stream stream, Tensor t, int chunkBytes)
    {
        if (t.numel() == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var flat = t.detach().reshape(-1);
        var perChunk = Math.Max(1, chunkBytes / (int)t.element_size());
        var total = flat.shape[0];
        using var buffer = empty(Math.Min(perChunk, total), dtype: t.dtype, device: CPU);
        for (long start = 0; start < total; start += perChunk)
        {
            var n = Math.Min(perChunk, total - start);
            using var part = flat.narrow(0, start, n);
            using var dst = buffer.narrow(0, 0, n);
            dst.copy_(part);
            stream.Write(dst.bytes);
        }
    }
}
