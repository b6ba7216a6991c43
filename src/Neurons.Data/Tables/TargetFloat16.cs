using System.Runtime.InteropServices;

namespace Neurons.Data.Tables;

/// <summary>Packs float arrays as little-endian IEEE float16 bytes (the <c>targets</c> table's tensor columns) and back.</summary>
public static class TargetFloat16
{
    /// <summary>Converts values to float16 bytes (round to nearest even; beyond ±65504 becomes ±infinity).</summary>
    public static byte[] Pack(ReadOnlySpan<float> values)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }

        var bytes = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("float16 packing assumes a little-endian machine");
        }

        return bytes;
    }

    /// <summary>Converts float16 bytes back to floats.</summary>
    public static float[] Unpack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 2 != 0)
        {
            throw new ArgumentException($"float16 data has an odd byte count ({bytes.Length})", nameof(bytes));
        }

        var halves = MemoryMarshal.Cast<byte, Half>(bytes);
        var values = new float[halves.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)halves[i];
        }

        return values;
    }
}
