using StbImageSharp;

namespace Neurons.Data.Imaging;

/// <summary>
/// Decodes PNG files with StbImageSharp (a C# port of stb_image): every colour type, bit depths 1–16
/// (16-bit samples come back as their high byte), palettes and interlacing. Anything that is not a PNG, or
/// a PNG stb_image cannot read, fails with one line naming the file and the cause.
/// </summary>
public static class PngDecoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Decodes the PNG file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable PNG.</exception>
    public static PngImage Decode(string path) => Decode(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Decodes PNG bytes; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable PNG.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> data, string name = "png")
    {
        // stb_image reads JPEG, BMP, GIF and more as well: only PNG is accepted here.
        if (data.Length < 8 || !data[..8].SequenceEqual(Signature))
        {
            throw new InvalidDataException($"{name}: not a PNG file (bad signature)");
        }

        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(data.ToArray(), ColorComponents.Default);
        }
        catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{name}: not a readable PNG ({e.Message.ReplaceLineEndings(" ")})", e);
        }

        return new PngImage(image.Width, image.Height, (int)image.Comp, image.Data);
    }
}
