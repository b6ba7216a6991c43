namespace Neurons.Evaluation.Report;

/// <summary>
/// An image or video the gallery shows as it was committed by an earlier stage, never decoded or re-encoded: the
/// encoded bytes of a table cell (the PNG of a <c>clips</c>, <c>keyobjects</c> or <c>decoded</c> image) or a
/// committed file (the decode stage's PNGs, the generate stage's MP4/GIF), written (a file hard-linked where the
/// filesystem allows, else copied) into the report's <c>clips/</c> folder as they are.
/// </summary>
public sealed record GalleryMedia
{
    /// <summary>Gets the encoded bytes (empty when <see cref="File"/> is set).</summary>
    public ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>Gets the committed file to link or copy, or null when <see cref="Bytes"/> hold the media.</summary>
    public string? File { get; init; }

    /// <summary>Gets the file extension the copy gets (<c>.png</c>, <c>.mp4</c>, <c>.gif</c>).</summary>
    public string Extension { get; init; } = ".png";

    /// <summary>The encoded PNG of a table cell.</summary>
    public static GalleryMedia Png(ReadOnlyMemory<byte> bytes) => new() { Bytes = bytes };

    /// <summary>A committed file, linked or copied under its own extension.</summary>
    public static GalleryMedia Committed(string path) => new() { File = path, Extension = Path.GetExtension(path).ToLowerInvariant() };
}
