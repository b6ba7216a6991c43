using System.Runtime.InteropServices;

namespace Neurons.Data.Tables;

/// <summary>
/// float16 precision for the tensor columns (<c>targets</c>, <c>target_concepts</c>, the decoded keyframe
/// tokens): values are rounded to float16 and stored as float32 lists, because Parquet.Net 6.1 cannot write
/// Parquet's FLOAT16 logical type; every value of such a column is exactly a float16, so converting it back
/// to float16 (<see cref="Pack(ReadOnlySpan{float})"/>) loses nothing. <see cref="Unpack"/> reads raw float16 bytes (tensors).
/// </summary>
public static class TargetFloat16
{
    /// <summary>Rounds values to float16 precision (round to nearest even; beyond ±65504 becomes ±infinity) for a float32 list column.</summary>
    public static List<float> Round(ReadOnlySpan<float> values)
    {
        var rounded = new List<float>(values.Length);
        foreach (var v in values)
        {
            rounded.Add((float)(Half)v);
        }

        return rounded;
    }

    /// <summary>Converts values to float16 bytes, little-endian (round to nearest even; beyond ±65504 becomes ±infinity).</summary>
    public static byte[] Pack(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 2];
        Pack(values, bytes);
        return bytes;
    }

    /// <summary>Writes values as little-endian float16 bytes into <paramref name="destination"/> (2 bytes per value), e.g. a float16 tensor's storage.</summary>
    public static void Pack(ReadOnlySpan<float> values, Span<byte> destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("float16 packing assumes a little-endian machine");
        }

        if (destination.Length != values.Length * 2)
        {
            throw new ArgumentException($"{values.Length} float16 values need {values.Length * 2} bytes, the destination has {destination.Length}", nameof(destination));
        }

        var halves = MemoryMarshal.Cast<byte, Half>(destination);
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }
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
