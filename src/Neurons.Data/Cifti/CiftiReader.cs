using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Neurons.Data.Cifti;

/// <summary>
/// Reads a CIFTI-2 dense time series (<c>.dtseries.nii</c>): the NIfTI-2 header in either byte order, the
/// CIFTI-2 XML extension, and the matrix by grayordinate rows (T values each), converted to float and scaled
/// by <c>scl_slope</c>/<c>scl_inter</c>. Only the rows asked for are held in memory.
/// </summary>
public sealed class CiftiReader : IDisposable
{
    private const int ChunkBytes = 1 << 20;
    private readonly SafeFileHandle handle;

    private CiftiReader(SafeFileHandle handle, CiftiHeader header)
    {
        this.handle = handle;
        Header = header;
    }

    /// <summary>Gets the parsed header.</summary>
    public CiftiHeader Header { get; }

    /// <summary>Opens a file and validates its header, XML and size.</summary>
    /// <exception cref="CiftiFormatException">The file is not a well-formed CIFTI-2 dense time series.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CiftiReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new CiftiReader(handle, ReadHeader(path, handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the header of a file.</summary>
    /// <exception cref="CiftiFormatException">The file is not a well-formed CIFTI-2 dense time series.</exception>
    public static CiftiHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return reader.Header;
    }

    /// <summary>
    /// Reads <paramref name="count"/> grayordinate rows starting at <paramref name="first"/> into
    /// <paramref name="destination"/>, row-major with time fastest (<c>destination[r * T + t]</c>), scaled.
    /// </summary>
    public void ReadRows(int first, int count, Span<float> destination)
    {
        var t = Header.Volumes;
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (first + (long)count > Header.Grayordinates)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"rows {first}..{first + count} exceed the {Header.Grayordinates} grayordinates");
        }

        var values = (long)count * t;
        if (destination.Length < values)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {values} needed", nameof(destination));
        }

        var dest = destination[..(int)values];
        var offset = Header.VoxOffset + ((long)first * t * Header.BytesPerValue);
        if (Header.DataType == CiftiDataType.Float32 && Header.LittleEndian == BitConverter.IsLittleEndian)
        {
            ReadExactly(MemoryMarshal.AsBytes(dest), offset);
        }
        else
        {
            ReadConverted(dest, offset);
        }

        if (Header.IsScaled)
        {
            var slope = Header.SclSlope;
            var inter = Header.SclInter;
            for (var i = 0; i < dest.Length; i++)
            {
                dest[i] = (float)((dest[i] * slope) + inter);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => handle.Dispose();

    private static CiftiHeader ReadHeader(string path, SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < NiftiLayout.HeaderSize)
        {
            throw CiftiFormatException.For(path, $"file is {length} bytes, shorter than the 540-byte NIfTI-2 header");
        }

        var h = new byte[NiftiLayout.HeaderSize + 4];
        var got = RandomAccess.Read(handle, h, 0);
        var le = BinaryPrimitives.ReadInt32LittleEndian(h);
        var be = BinaryPrimitives.ReadInt32BigEndian(h);
        bool little;
        if (le == NiftiLayout.HeaderSize)
        {
            little = true;
        }
        else if (be == NiftiLayout.HeaderSize)
        {
            little = false;
        }
        else if (le == 348 || be == 348)
        {
            throw CiftiFormatException.For(path, "is a NIfTI-1 file (sizeof_hdr 348); CIFTI-2 needs NIfTI-2 (540)");
        }
        else
        {
            throw CiftiFormatException.For(path, $"sizeof_hdr is {le}, expected 540 (not a NIfTI-2 file)");
        }

        if (!h.AsSpan(NiftiLayout.Magic, 8).SequenceEqual(NiftiLayout.MagicBytes))
        {
            throw CiftiFormatException.For(path, $"bad magic '{Printable(h.AsSpan(NiftiLayout.Magic, 8))}', expected 'n+2\\0\\r\\n\\x1a\\n'");
        }

        var r = new Fields(h, little);
        var datatype = r.I16(NiftiLayout.Datatype);
        var type = datatype switch
        {
            NiftiLayout.DtInt16 => CiftiDataType.Int16,
            NiftiLayout.DtFloat32 => CiftiDataType.Float32,
            NiftiLayout.DtFloat64 => CiftiDataType.Float64,
            _ => throw CiftiFormatException.For(path, $"datatype {datatype} is not supported (int16 = 4, float32 = 16, float64 = 64)"),
        };

        var dims = new long[8];
        for (var i = 0; i < 8; i++)
        {
            dims[i] = r.I64(NiftiLayout.Dim + (8 * i));
        }

        if (dims[0] < 6 || dims[0] > 7 || dims[1] != 1 || dims[2] != 1 || dims[3] != 1 || dims[4] != 1 || (dims[0] == 7 && dims[7] != 1))
        {
            throw CiftiFormatException.For(path, $"dim = [{string.Join(',', dims)}], expected [6,1,1,1,1,T,G,...] for a CIFTI-2 matrix");
        }

        if (dims[5] < 1 || dims[5] > int.MaxValue || dims[6] < 1 || dims[6] > int.MaxValue)
        {
            throw CiftiFormatException.For(path, $"dim[5] = {dims[5]} and dim[6] = {dims[6]} must be positive");
        }

        var intent = r.I32(NiftiLayout.IntentCode);
        if (intent != NiftiLayout.IntentConnDenseSeries)
        {
            throw CiftiFormatException.For(path, $"intent_code is {intent}, expected 3002 (ConnDenseSeries, a .dtseries.nii)");
        }

        var voxOffset = r.I64(NiftiLayout.VoxOffset);
        if (voxOffset < NiftiLayout.FirstExtensionOffset || voxOffset > length)
        {
            throw CiftiFormatException.For(path, $"vox_offset {voxOffset} is outside 544..{length}");
        }

        if (got < h.Length || h[NiftiLayout.ExtenderOffset] == 0)
        {
            throw CiftiFormatException.For(path, "has no NIfTI header extension, so no CIFTI XML (ecode 32)");
        }

        var (xml, xmlLength) = FindCiftiExtension(path, handle, little, voxOffset);
        int points;
        double step;
        IReadOnlyList<CiftiBrainModel> models;
        try
        {
            (points, step, models) = CiftiXml.Parse(path, xml.AsMemory(0, xmlLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(xml);
        }

        var volumes = (int)dims[5];
        var grayordinates = (int)dims[6];
        if (points != volumes)
        {
            throw CiftiFormatException.For(path, $"dim[5] = {volumes} volumes but the XML series has {points} points");
        }

        var covered = models.Sum(m => (long)m.IndexCount);
        if (covered != grayordinates)
        {
            throw CiftiFormatException.For(path, $"dim[6] = {grayordinates} grayordinates but the XML brain models cover {covered}");
        }

        var header = new CiftiHeader(path, little, type, volumes, grayordinates, voxOffset, r.F64(NiftiLayout.SclSlope), r.F64(NiftiLayout.SclInter), step, models);
        if (voxOffset + header.DataBytes > length)
        {
            throw CiftiFormatException.For(path, $"truncated: {volumes}×{grayordinates} {type} values need {header.DataBytes} bytes after vox_offset {voxOffset}, the file has {length - voxOffset}");
        }

        return header;
    }

    /// <summary>Returns the CIFTI XML in a pooled array (the caller returns it) and its length.</summary>
    private static (byte[] Xml, int Length) FindCiftiExtension(string path, SafeFileHandle handle, bool little, long voxOffset)
    {
        var offset = (long)NiftiLayout.FirstExtensionOffset;
        Span<byte> head = stackalloc byte[8];
        while (offset + 8 <= voxOffset)
        {
            if (RandomAccess.Read(handle, head, offset) < 8)
            {
                break;
            }

            var esize = little ? BinaryPrimitives.ReadInt32LittleEndian(head) : BinaryPrimitives.ReadInt32BigEndian(head);
            var ecode = little ? BinaryPrimitives.ReadInt32LittleEndian(head[4..]) : BinaryPrimitives.ReadInt32BigEndian(head[4..]);
            if (esize < 8 || offset + esize > voxOffset)
            {
                throw CiftiFormatException.For(path, $"header extension at byte {offset} has esize {esize}, which does not fit before vox_offset {voxOffset}");
            }

            if (ecode == NiftiLayout.EcodeCifti)
            {
                var length = esize - 8;
                var xml = ArrayPool<byte>.Shared.Rent(length);
                var n = RandomAccess.Read(handle, xml.AsSpan(0, length), offset + 8);
                if (n < length)
                {
                    ArrayPool<byte>.Shared.Return(xml);
                    throw CiftiFormatException.For(path, "truncated CIFTI XML extension");
                }

                return (xml, length);
            }

            offset += esize;
        }

        throw CiftiFormatException.For(path, "has no CIFTI XML extension (ecode 32) before vox_offset");
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : $"\\x{b:x2}");
        }

        return sb.ToString();
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(handle, destination, offset);
            if (n <= 0)
            {
                throw CiftiFormatException.For(Header.Path, $"unexpected end of file at byte {offset}");
            }

            destination = destination[n..];
            offset += n;
        }
    }

    private void ReadConverted(Span<float> destination, long offset)
    {
        var size = Header.BytesPerValue;
        var perChunk = ChunkBytes / size;
        var buffer = ArrayPool<byte>.Shared.Rent(perChunk * size);
        try
        {
            for (var start = 0; start < destination.Length; start += perChunk)
            {
                var n = Math.Min(perChunk, destination.Length - start);
                var bytes = buffer.AsSpan(0, n * size);
                ReadExactly(bytes, offset + ((long)start * size));
                var dest = destination.Slice(start, n);
                Convert(bytes, dest, Header.DataType, Header.LittleEndian);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Convert(ReadOnlySpan<byte> bytes, Span<float> dest, CiftiDataType type, bool little)
    {
        switch (type)
        {
            case CiftiDataType.Int16:
                for (var i = 0; i < dest.Length; i++)
                {
                    var s = bytes.Slice(2 * i, 2);
                    dest[i] = little ? BinaryPrimitives.ReadInt16LittleEndian(s) : BinaryPrimitives.ReadInt16BigEndian(s);
                }

                break;
            case CiftiDataType.Float32:
                for (var i = 0; i < dest.Length; i++)
                {
                    var s = bytes.Slice(4 * i, 4);
                    dest[i] = little ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadSingleBigEndian(s);
                }

                break;
            default:
                for (var i = 0; i < dest.Length; i++)
                {
                    var s = bytes.Slice(8 * i, 8);
                    dest[i] = (float)(little ? BinaryPrimitives.ReadDoubleLittleEndian(s) : BinaryPrimitives.ReadDoubleBigEndian(s));
                }

                break;
        }
    }

    private readonly ref struct Fields(ReadOnlySpan<byte> h, bool little)
    {
        private readonly ReadOnlySpan<byte> h = h;

        public short I16(int o) => little ? BinaryPrimitives.ReadInt16LittleEndian(h[o..]) : BinaryPrimitives.ReadInt16BigEndian(h[o..]);

        public int I32(int o) => little ? BinaryPrimitives.ReadInt32LittleEndian(h[o..]) : BinaryPrimitives.ReadInt32BigEndian(h[o..]);

        public long I64(int o) => little ? BinaryPrimitives.ReadInt64LittleEndian(h[o..]) : BinaryPrimitives.ReadInt64BigEndian(h[o..]);

        public double F64(int o) => little ? BinaryPrimitives.ReadDoubleLittleEndian(h[o..]) : BinaryPrimitives.ReadDoubleBigEndian(h[o..]);
    }
}
