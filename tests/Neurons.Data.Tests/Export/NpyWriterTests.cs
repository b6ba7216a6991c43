using System.Buffers.Binary;
using System.Text;
using Neurons.Data.Export;
using Neurons.Data.Tests.Cifti;

namespace Neurons.Data.Tests.Export;

public sealed class NpyWriterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("npy-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void CreateFloat32_HeaderIsNpy10WithPaddedDict()
    {
        // Given a (4320, 2, 13447) float32 array (the NeuroClips train shape)
        var path = Path.Combine(dir, "a.npy");

        // When created
        using (NpyWriter.CreateFloat32(path, 4320, 2, 13447))
        {
        }

        var b = File.ReadAllBytes(path);

        // Then magic, version 1.0, little-endian header length, and the dict padded to 64 bytes ending in \n
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], b[..8]);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        var text = Encoding.ASCII.GetString(b, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4320, 2, 13447), }", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(10 + headerLength + (4320L * 2 * 13447 * 4), b.LongLength);
    }

    [Fact]
    public void Header_OneDimension_WritesATupleWithTrailingComma()
    {
        // Given a 1-D uint8 array / When / Then
        var text = Encoding.ASCII.GetString(NpyWriter.Header("|u1", [5]));
        Assert.Contains("'descr': '|u1'", text, StringComparison.Ordinal);
        Assert.Contains("'shape': (5,)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AtElementOffsets_LandsInCOrder()
    {
        // Given a (2, 3) float32 array
        var path = Path.Combine(dir, "b.npy");

        // When row 1 is written before row 0
        using (var npy = NpyWriter.CreateFloat32(path, 2, 3))
        {
            npy.Write(3, [4f, 5f, 6f]);
            npy.Write(0, [1f, 2f, 3f]);
        }

        // Then the data block reads 1..6
        var b = File.ReadAllBytes(path);
        var offset = b.Length - 24;
        Assert.Equal(0, offset % 64);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(offset + (4 * i)))));
    }

    [NibabelFact]
    public void Write_FileLoadsInNumpyWithShapeDtypeAndValues()
    {
        // Given a (2, 3, 4) float32 array of 0..23 and a (3, 2) uint8 array
        var f = Path.Combine(dir, "f.npy");
        var u = Path.Combine(dir, "u.npy");
        using (var npy = NpyWriter.CreateFloat32(f, 2, 3, 4))
        {
            npy.Write(0, Enumerable.Range(0, 24).Select(i => (float)i).ToArray());
        }

        using (var npy = NpyWriter.CreateUInt8(u, 3, 2))
        {
            npy.Write(0, [0, 1, 2, 253, 254, 255]);
        }

        // When numpy loads them
        var (exit, output) = NibabelFactAttribute.RunPython(
            "import sys, numpy as np; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); print(a.shape, a.dtype, a[1, 2, 3], b.shape, b.dtype, b[1, 1])",
            f,
            u);

        // Then shapes, dtypes and values are as written
        Assert.True(exit == 0, output);
        Assert.Equal("(2, 3, 4) float32 23.0 (3, 2) uint8 253", output.Trim());
    }

    [Fact]
    public void WriteStrings_TwoValues_WritesUnicodeOfTheLongestLengthZeroPadded()
    {
        // Given "ab" and "é" / When written as a numpy str array
        var path = Path.Combine(dir, "s.npy");
        NpyWriter.WriteStrings(path, ["ab", "é"]);

        // Then the header says <U2, shape (2,), and the data is UTF-32 LE, 2 code points per item
        var b = File.ReadAllBytes(path);
        Assert.Equal(NpyWriter.Header("<U2", [2]), b[..^16]);
        Assert.Equal(new byte[] { 0x61, 0, 0, 0, 0x62, 0, 0, 0, 0xE9, 0, 0, 0, 0, 0, 0, 0 }, b[^16..]);
    }

    [NibabelFact]
    public void WriteStrings_FileLoadsInNumpyAsStr()
    {
        // Given captions with non-ASCII characters
        var path = Path.Combine(dir, "c.npy");
        NpyWriter.WriteStrings(path, ["a café ☕", "two dogs"]);

        // When numpy loads them
        var (exit, output) = NibabelFactAttribute.RunPython(
            "import sys, numpy as np; a = np.load(sys.argv[1]); print(a.shape, a.dtype, a[0] == 'a caf\\u00e9 \\u2615', a[1])",
            path);

        // Then a (2,) <U8 array of the same strings
        Assert.True(exit == 0, output);
        Assert.Equal("(2,) <U8 True two dogs", output.Trim());
    }
}
