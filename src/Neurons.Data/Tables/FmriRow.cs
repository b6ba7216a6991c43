using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// One row of the <c>fmri</c> table: the preprocessed, masked response of one subject in one repeat to one clip.
/// Rows of a shard are ordered subject, repeat, TR. The vertex indices are in the file's key-value metadata
/// (<see cref="Metadata"/>) and in the shard's sidecar.
/// </summary>
public sealed class FmriRow
{
    /// <summary>Gets or sets the clip id (<c>seg1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>train</c> or <c>test</c>.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment (<c>seg1</c>, <c>test2</c>).</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the TR index of the clip in its segment.</summary>
    [JsonPropertyName("tr_index")]
    public int TrIndex { get; set; }

    /// <summary>Gets or sets the clip's position in its split (segment-major).</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the subject number (1 for <c>subject1</c>).</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the repeat (viewing) number, 1-based as in the file names.</summary>
    [JsonPropertyName("repeat")]
    public int Repeat { get; set; }

    /// <summary>Gets or sets the 0-based volume of the run file this row came from (trim and lag applied).</summary>
    [JsonPropertyName("volume")]
    public int Volume { get; set; }

    /// <summary>Gets or sets the z-scored responses of the V selected vertices, in the sidecar's vertex order.</summary>
    [JsonPropertyName("voxels")]
    public List<float> Voxels { get; set; } = [];

    /// <summary>
    /// Returns the file metadata: <c>voxels</c> as a float32 tensor of V values, and <c>vertex_indices</c>,
    /// per subject number (as text) the grayordinate row of each voxel, ascending.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Metadata(IEnumerable<(int Subject, IReadOnlyList<int> VertexIndices)> subjects)
    {
        var indices = new System.Text.Json.Nodes.JsonObject();
        var voxels = new System.Text.Json.Nodes.JsonObject();
        foreach (var (subject, vertices) in subjects)
        {
            var key = subject.ToString(System.Globalization.CultureInfo.InvariantCulture);
            indices[key] = new System.Text.Json.Nodes.JsonArray([.. vertices.Select(v => (System.Text.Json.Nodes.JsonNode?)v)]);
            voxels[key] = vertices.Count;
        }

        return new TableMetadata("fmri")
            .Tensor("voxels", "float32", [], "vertex")
            .Set("v", voxels)
            .Set("vertex_indices", indices)
            .ToKeyValues();
    }
}
