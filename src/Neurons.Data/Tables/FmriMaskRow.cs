using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>fmri_masks</c> table: one subject's reproducibility mask over the training segments.</summary>
public sealed class FmriMaskRow
{
    /// <summary>Gets or sets the subject number.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the brain models tested, <c>STRUCTURE@offset+count</c> joined by <c>;</c>; every run must match.</summary>
    [JsonPropertyName("models")]
    public string Models { get; set; } = string.Empty;

    /// <summary>Gets or sets the grayordinate count of the runs.</summary>
    [JsonPropertyName("grayordinates")]
    public int Grayordinates { get; set; }

    /// <summary>Gets or sets the number of tested vertices M (the Bonferroni factor).</summary>
    [JsonPropertyName("tested")]
    public int Tested { get; set; }

    /// <summary>Gets or sets the training segments used, in order.</summary>
    [JsonPropertyName("segments")]
    public List<string> Segments { get; set; } = [];

    /// <summary>Gets or sets the t-test's degrees of freedom (segments − 1).</summary>
    [JsonPropertyName("df")]
    public int Df { get; set; }

    /// <summary>Gets or sets <c>two-sided</c> or <c>greater</c>.</summary>
    [JsonPropertyName("sidedness")]
    public string Sidedness { get; set; } = string.Empty;

    /// <summary>Gets or sets the family-wise p threshold before correction.</summary>
    [JsonPropertyName("p_threshold")]
    public double PThreshold { get; set; }

    /// <summary>Gets or sets the per-vertex threshold actually applied (p_threshold / tested, or p_threshold without correction).</summary>
    [JsonPropertyName("p_vertex")]
    public double PVertex { get; set; }

    /// <summary>Gets or sets the number of selected vertices V.</summary>
    [JsonPropertyName("v")]
    public int V { get; set; }

    /// <summary>Gets or sets the grayordinate index of every selected vertex, ascending (cortical order: left, then right).</summary>
    [JsonPropertyName("vertex_indices")]
    public List<int> VertexIndices { get; set; } = [];

    /// <summary>Gets or sets the surface vertex (fs_LR mesh index) of every selected vertex.</summary>
    [JsonPropertyName("surface_vertices")]
    public List<int> SurfaceVertices { get; set; } = [];

    /// <summary>Gets or sets the t statistic of every tested vertex (in tested order).</summary>
    [JsonPropertyName("t")]
    public List<float> T { get; set; } = [];

    /// <summary>Gets or sets the mean Fisher z of every tested vertex.</summary>
    [JsonPropertyName("mean_z")]
    public List<float> MeanZ { get; set; } = [];
}
