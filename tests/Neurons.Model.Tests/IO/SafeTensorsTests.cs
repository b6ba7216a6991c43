using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Neurons.Model.IO;
using Neurons.Model.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.IO;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("neurons-st-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Save_ThenRead_RoundTripsDtypesShapesAndMetadata()
    {
        // Given tensors of five dtypes, one of them a non-contiguous view, and metadata
        using var f32 = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        using var t = f32.T;
        using var f16 = tensor(new float[] { 0.5f, -2f }).to(ScalarType.Float16);
        using var bf16 = tensor(new float[] { 1.5f }).to(ScalarType.BFloat16);
        using var i64 = tensor(new long[] { long.MaxValue, -1 });
        using var u8 = tensor(new byte[] { 0, 255, 7 });
        var path = Path.Combine(dir, "a.safetensors");

        // When saved and read back
        SafeTensors.Save(path, [new("t", t), new("f16", f16), new("bf16", bf16), new("i64", i64), new("u8", u8)], new Dictionary<string, string> { ["k"] = "v" });
        using var reader = new SafeTensorsReader(path);

        // Then values, dtypes, shapes and metadata survive
        using var rt = reader.Read("t");
        Assert.True(Bits.Same(rt, t));
        Assert.Equal(new long[] { 4, 3 }, rt.shape);
        using var rf16 = reader.Read("f16");
        Assert.Equal(ScalarType.Float16, rf16.dtype);
        Assert.True(Bits.Same(rf16, f16));
        using var rbf = reader.Read("bf16");
        Assert.True(Bits.Same(rbf, bf16));
        using var ri = reader.Read("i64");
        Assert.Equal(new[] { long.MaxValue, -1 }, ri.data<long>().ToArray());
        using var ru = reader.Read("u8");
        Assert.Equal(new byte[] { 0, 255, 7 }, ru.data<byte>().ToArray());
        Assert.Equal("v", reader.Metadata["k"]);
        Assert.Equal("F16", reader.Entries["f16"].DType);
    }

    [Fact]
    public void Write_ProducesTheSafetensorsLayout()
    {
        // Given one float32 tensor [2]
        using var x = tensor(new float[] { 1f, 2f });
        using var ms = new MemoryStream();

        // When written
        SafeTensors.Write(ms, [new("x", x)], new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = ms.ToArray();

        // Then: u64 LE header length (multiple of 8), a JSON header with dtype/shape/data_offsets, then raw LE data
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, n).TrimEnd());
        var entry = doc.RootElement.GetProperty("x");
        Assert.Equal("F32", entry.GetProperty("dtype").GetString());
        Assert.Equal("[2]", entry.GetProperty("shape").GetRawText());
        Assert.Equal("[0,8]", entry.GetProperty("data_offsets").GetRawText());
        Assert.Equal("pt", doc.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        Assert.Equal(8 + n + 8, bytes.Length);
        Assert.Equal(2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + n + 4)));
    }

    [Fact]
    public void ReadAndWrite_InSmallChunks_EqualWholeTensor()
    {
        // Given a tensor larger than the chunk size (as tensors above 2 GB are, with the default chunk)
        using var x = randn(1000, 7, generator: new Generator(2));
        using var ms = new MemoryStream();

        // When written and read with 100-byte chunks
        SafeTensors.Write(ms, [new("x", x)], null, chunkBytes: 100);
        var path = Path.Combine(dir, "c.safetensors");
        File.WriteAllBytes(path, ms.ToArray());
        using var reader = new SafeTensorsReader(path);
        using var back = reader.Read("x", chunkBytes: 100);

        // Then nothing is lost or reordered
        Assert.True(Bits.Same(back, x));
    }

    [Fact]
    public void Reader_WhenOffsetsDisagreeWithShape_ThrowsNamingTheTensor()
    {
        // Given a header whose data_offsets are too short for its shape
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}");
        var bytes = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var path = Path.Combine(dir, "bad.safetensors");
        File.WriteAllBytes(path, bytes);

        // When opened / Then the error names the tensor
        var ex = Assert.Throws<InvalidDataException>(() => new SafeTensorsReader(path));
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }
}
