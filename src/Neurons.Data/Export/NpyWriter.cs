using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Neurons.Data.Export;

/// <summary>
/// Writes a C-order NumPy <c>.npy</c> file (format 1.0): the magic <c>\x93NUMPY</c>, version 1.0, a
/// little-endian header length, the header dict padded with spaces to a multiple of 64 bytes and ending in
/// a newline, then the data. The file is sized up front, so elements can be written in any order.
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private readonly FileStream stream;

    private NpyWriter(FileStream stream, long dataOffset, int itemSize, IReadOnlyList<long> shape)
    {
        this.stream = stream;
        DataOffset = dataOffset;
        ItemSize = itemSize;
        Shape = shape;
    }

    /// <summary>Gets the byte offset of element 0.</summary>
    public long DataOffset { get; }

    /// <summary>Gets the size of one element in bytes.</summary>
    public int ItemSize { get; }

    /// <summary>Gets the array shape.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Gets the number of elements.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Creates a float32 (<c>&lt;f4</c>) array file.</summary>
    public static NpyWriter CreateFloat32(string path, params long[] shape) => Create(path, "<f4", 4, shape);

    /// <summary>Creates a uint8 (<c>|u1</c>) array file.</summary>
    public static NpyWriter CreateUInt8(string path, params long[] shape) => Create(path, "|u1", 1, shape);

    /// <summary>
    /// Writes a one-dimensional NumPy unicode array (<c>&lt;Un</c>, as <c>numpy.save</c> writes an array of
    /// <c>str</c>): each value in UTF-32 little-endian, zero-padded to n code points, n the longest value's length
    /// (at least 1). The file is flushed to disk before this returns.
    /// </summary>
    public static void WriteStrings(string path, IReadOnlyList<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(values);
        var encoded = values.Select(v => Encoding.UTF32.GetBytes(v)).ToList();
        var chars = Math.Max(1, encoded.Select(e => e.Length / 4).DefaultIfEmpty(0).Max());
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(Header(string.Create(CultureInfo.InvariantCulture, $"<U{chars}"), [values.Count]));
        var item = new byte[chars * 4];
        foreach (var bytes in encoded)
        {
            Array.Clear(item);
            bytes.CopyTo(item, 0);
            stream.Write(item);
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Returns the header bytes (magic to newline) of an array.</summary>
    public static byte[] Header(string descr, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        var unpadded = 10 + dict.Length + 1;
        var total = (unpadded + 63) / 64 * 64;
        var text = dict + new string(' ', total - unpadded) + "\n";
        if (text.Length > ushort.MaxValue)
        {
            throw new ArgumentException("npy header longer than 65535 bytes", nameof(shape));
        }

        var header = new byte[10 + text.Length];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)(text.Length & 0xFF);
        header[9] = (byte)(text.Length >> 8);
        Encoding.ASCII.GetBytes(text).CopyTo(header, 10);
        return header;
    }

    /// <summary>Writes float32 values starting at element <paramref name="element"/> (C order).</summary>
    public void Write(long element, ReadOnlySpan<float> values)
    {
        CheckRange(element, values.Length, 4);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the npy writer assumes a little-endian host");
        }

        stream.Position = DataOffset + (element * 4);
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Writes uint8 values starting at element <paramref name="element"/> (C order).</summary>
    public void Write(long element, ReadOnlySpan<byte> values)
    {
        CheckRange(element, values.Length, 1);
        stream.Position = DataOffset + element;
        stream.Write(values);
    }

    /// <summary>Reads float32 values back (for filling a dropped repeat from the others).</summary>
    public void Read(long element, Span<float> values)
    {
        CheckRange(element, values.Length, 4);
        stream.Flush();
        stream.Position = DataOffset + (element * 4);
        stream.ReadExactly(MemoryMarshal.AsBytes(values));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stream.Flush(flushToDisk: true);
        stream.Dispose();
    }

    private static NpyWriter Create(string path, string descr, int itemSize, long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (shape.Length == 0 || shape.Any(d => d < 0))
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) must have non-negative dimensions", nameof(shape));
        }

        var header = Header(descr, shape);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        stream.Write(header);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        stream.SetLength(header.Length + (count * itemSize));
        return new NpyWriter(stream, header.Length, itemSize, shape);
    }

    private void CheckRange(long element, int length, int itemSize)
    {
        if (itemSize != ItemSize)
        {
            throw new InvalidOperationException($"this array has {ItemSize}-byte elements");
        }

        if (element < 0 || element + length > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(element), $"elements {element}..{element + length} exceed the array's {Count}");
        }
    }
}
