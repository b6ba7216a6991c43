using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>concepts</c> table: a clip's objects mapped to the 51 NEURONS concepts (docs/tables/concepts.md).</summary>
public sealed class ConceptRow
{
    /// <summary>Gets or sets the clip id (<c>seg1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the clip's distinct object names, normalised (lower case, single spaces), first-seen order.</summary>
    [JsonPropertyName("objects")]
    public List<string> Objects { get; set; } = [];

    /// <summary>Gets or sets the names of the concepts present, in classifier order.</summary>
    [JsonPropertyName("concepts")]
    public List<string> Concepts { get; set; } = [];

    /// <summary>Gets or sets the classifier target: one 0/1 entry per concept (51 long), in <c>wordnet/concepts.yaml</c> order.</summary>
    [JsonPropertyName("multi_hot")]
    public List<int> MultiHot { get; set; } = [];

    /// <summary>Gets or sets the object names that reached no concept.</summary>
    [JsonPropertyName("unmapped")]
    public List<string> Unmapped { get; set; } = [];

    /// <summary>Gets or sets one line per object saying how it was mapped: <c>dog: animal, mammal [wordnet dog.n.01]</c>.</summary>
    [JsonPropertyName("mappings")]
    public List<string> Mappings { get; set; } = [];

    /// <summary>Gets or sets the WordNet sense followed per object (parallel to <see cref="Objects"/>), <c>lemma.n.NN</c>, or empty when none was.</summary>
    [JsonPropertyName("senses")]
    public List<string> Senses { get; set; } = [];

    /// <summary>Gets or sets why that sense (or rule) per object, parallel to <see cref="Objects"/>: the lemma, the senses passed over and why, the context that agreed.</summary>
    [JsonPropertyName("reasons")]
    public List<string> Reasons { get; set; } = [];

    /// <summary>Gets or sets where each object's concepts came from, parallel to <see cref="Objects"/>: <c>name</c>, <c>override</c>, <c>wordnet</c>, <c>vlm</c> or <c>none</c>.</summary>
    [JsonPropertyName("sources")]
    public List<string> Sources { get; set; } = [];

    /// <summary>Gets or sets <c>ok</c>, or <c>failed</c> when every annotation row of the clip failed (then all lists are empty and the vector is all zero).</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "ok";
}
