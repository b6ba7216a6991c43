namespace Neurons.Model.Captioning;

/// <summary>
/// Turns captions into the fixed-length target ids the <see cref="PrefixCaptioner"/> learns, and generated ids back
/// into text.
/// </summary>
public interface ICaptionTokenizer
{
    /// <summary>Gets the id that fills a target row after the caption; the caption loss ignores it.</summary>
    long PadId { get; }

    /// <summary>Gets the id that ends a caption (greedy decoding stops there).</summary>
    long StopId { get; }

    /// <summary>Encodes <paramref name="text"/> into exactly <paramref name="length"/> ids (truncated, ended and padded as the implementation documents).</summary>
    long[] Encode(string text, int length);

    /// <summary>Decodes ids into text, stopping at <see cref="StopId"/> and skipping <see cref="PadId"/>.</summary>
    string Decode(IEnumerable<long> ids);
}
