using System.Text.Json.Serialization;
using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Tables;

/// <summary>A row with both image column shapes (one image, a list of images).</summary>
public sealed class ImageRow
{
    /// <summary>Gets or sets one image.</summary>
    [JsonPropertyName("single")]
    public TableImage Single { get; set; } = new();

    /// <summary>Gets or sets a list of images.</summary>
    [JsonPropertyName("frames")]
    public List<TableImage> Frames { get; set; } = [];
}
