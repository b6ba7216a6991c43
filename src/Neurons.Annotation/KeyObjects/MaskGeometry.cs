using System.Numerics;

namespace Neurons.Annotation.KeyObjects;

/// <summary>Area and centroid of a packed-bit mask (pixel coordinates: x = column, y = row).</summary>
/// <param name="Area">The number of set pixels.</param>
/// <param name="CenterX">The mean column of the set pixels (NaN when empty).</param>
/// <param name="CenterY">The mean row of the set pixels (NaN when empty).</param>
public readonly record struct MaskGeometry(long Area, double CenterX, double CenterY)
{
    /// <summary>Gets a value indicating whether no pixel is set.</summary>
    public bool IsEmpty => Area == 0;

    /// <summary>Measures a mask.</summary>
    /// <exception cref="ArgumentException">The bits are fewer than width × height.</exception>
    public static MaskGeometry Of(ReadOnlySpan<byte> bits, int width, int height)
    {
        var count = (long)width * height;
        if (bits.Length * 8L < count)
        {
            throw new ArgumentException($"packed mask holds {bits.Length * 8L} bits, {count} needed for {width}x{height}", nameof(bits));
        }

        long area = 0;
        double sumX = 0;
        double sumY = 0;
        for (var b = 0; b < bits.Length; b++)
        {
            var value = bits[b];
            while (value != 0)
            {
                var bit = BitOperations.LeadingZeroCount((uint)value) - 24;
                value = (byte)(value & ~(0x80 >> bit));
                var pixel = (b * 8L) + bit;
                if (pixel >= count)
                {
                    break;
                }

                area++;
                sumX += pixel % width;
                sumY += pixel / width;
            }
        }

        return area == 0 ? new MaskGeometry(0, double.NaN, double.NaN) : new MaskGeometry(area, sumX / area, sumY / area);
    }
}
