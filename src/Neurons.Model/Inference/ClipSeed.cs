using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Neurons.Model.Inference;

/// <summary>
/// The seed of one clip's decoding: the first 8 bytes, little-endian, of SHA-256 over the UTF-8 text
/// <c>"&lt;seed&gt;/&lt;subject&gt;/&lt;clip_id&gt;"</c>. It depends on nothing but the clip, so any clip can be
/// recomputed alone, in any batch and in any order.
/// </summary>
public static class ClipSeed
{
    /// <summary>Returns the clip's seed.</summary>
    /// <param name="seed">The run's base seed (the stage's <c>seed</c> parameter).</param>
    /// <param name="subject">The subject number.</param>
    /// <param name="clipId">The clip id (<c>test1_007</c>).</param>
    public static long Of(long seed, int subject, string clipId)
    {
        ArgumentNullException.ThrowIfNull(clipId);
        var text = string.Create(CultureInfo.InvariantCulture, $"{seed}/{subject}/{clipId}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
