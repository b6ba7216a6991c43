using System.Numerics;

namespace Neurons.Vision.Imaging;

/// <summary>
/// What a preprocessing pass does to each resized value, in this order: optionally <c>(v + 1) / 2</c> (sgm's
/// input-range shift), optionally <c>(v − mean) / std</c>. Vectorised, with the same float operations as the scalar
/// expressions, so the results are bit-identical to them.
/// </summary>
internal readonly record struct PixelTransform(bool Shift, bool Normalize, float Mean, float Std)
{
    /// <summary>Gets the transform that leaves values as they are.</summary>
    public static PixelTransform None => default;

    /// <summary>Returns <c>(v − mean) / std</c>.</summary>
    public static PixelTransform Normalizing(float mean, float std) => new(false, true, mean, std);

    /// <summary>Writes the transformed <paramref name="src"/> into <paramref name="dst"/> (the two may be the same span).</summary>
    public void Apply(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (!Shift && !Normalize)
        {
            src.CopyTo(dst);
            return;
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<float>.Count;
            var one = Vector<float>.One;
            var two = new Vector<float>(2f);
            var mean = new Vector<float>(Mean);
            var std = new Vector<float>(Std);
            for (; i <= dst.Length - n; i += n)
            {
                var v = new Vector<float>(src[i..]);
                if (Shift)
                {
                    v = (v + one) / two;
                }

                if (Normalize)
                {
                    v = (v - mean) / std;
                }

                v.CopyTo(dst[i..]);
            }
        }

        for (; i < dst.Length; i++)
        {
            var v = src[i];
            if (Shift)
            {
                v = (v + 1f) / 2f;
            }

            if (Normalize)
            {
                v = (v - Mean) / Std;
            }

            dst[i] = v;
        }
    }
}
