namespace Neurons.Data.Tables;

/// <summary>Packs boolean masks to bits (row-major, most significant bit first) and back.</summary>
public static class MaskBits
{
    /// <summary>Packs a mask of <c>width × height</c> booleans.</summary>
    public static byte[] Pack(ReadOnlySpan<bool> mask)
    {
        var packed = new byte[(mask.Length + 7) / 8];
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                packed[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }

        return packed;
    }

    /// <summary>Unpacks <paramref name="count"/> booleans.</summary>
    public static bool[] Unpack(ReadOnlySpan<byte> packed, int count)
    {
        if (packed.Length * 8 < count)
        {
            throw new ArgumentException($"packed mask holds {packed.Length * 8} bits, {count} needed", nameof(packed));
        }

        var mask = new bool[count];
        for (var i = 0; i < count; i++)
        {
            mask[i] = (packed[i >> 3] & (0x80 >> (i & 7))) != 0;
        }

        return mask;
    }
}
