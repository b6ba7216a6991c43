using System.Security.Cryptography;
using Neurons.Data.Imaging;

namespace Neurons.Annotation.Vlm;

/// <summary>An image ready to send: its encoded bytes, media type, and a hash of its pixels (for the cache key).</summary>
/// <param name="Bytes">The encoded file (PNG).</param>
/// <param name="MediaType">The media type, e.g. <c>image/png</c>.</param>
/// <param name="PixelHash">Lowercase hex SHA-256 of width, height and the raw RGB bytes; independent of the encoder.</param>
internal sealed record EncodedImage(byte[] Bytes, string MediaType, string PixelHash)
{
    private string? base64;

    /// <summary>Encodes an RGB image as PNG and hashes its pixels.</summary>
    public static EncodedImage FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var png = PngEncoder.Encode(width, height, 3, rgb.ToArray(), filter: 1);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        BitConverter.TryWriteBytes(header[..4], width);
        BitConverter.TryWriteBytes(header[4..], height);
        sha.AppendData(header);
        sha.AppendData(rgb);
        var image = new EncodedImage(png, "image/png", Convert.ToHexStringLower(sha.GetHashAndReset()));
        image.ToBase64(); // before any request slot is taken
        return image;
    }

    /// <summary>Returns the bytes as base64 (what Ollama's <c>images</c> field takes); computed once.</summary>
    public string ToBase64() => base64 ??= Convert.ToBase64String(Bytes);

    /// <summary>Returns the image as a <c>data:</c> URI (what OpenAI's <c>image_url</c> takes).</summary>
    public string ToDataUri() => $"data:{MediaType};base64,{ToBase64()}";
}
