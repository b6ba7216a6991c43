using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>report</c> table: one section of the HTML report and whether it has content.</summary>
public sealed class ReportSectionRow
{
    /// <summary>Gets or sets the section id (<c>dataset</c>, <c>fmri</c>, <c>training</c>, <c>metrics</c>, <c>task-maps</c>, <c>gallery</c>).</summary>
    [JsonPropertyName("section")]
    public string Section { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>ok</c> or <c>empty</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;

    /// <summary>Gets or sets what the section holds, or why it is empty.</summary>
    [JsonPropertyName("detail")]
    public string Detail { get; set; } = string.Empty;
}
