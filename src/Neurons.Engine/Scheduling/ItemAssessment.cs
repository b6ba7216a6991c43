using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Scheduling;

/// <summary>What the engine concluded about one work item, and from what.</summary>
/// <param name="Item">The work item.</param>
/// <param name="State">Its state.</param>
/// <param name="Reason">Why, in a few words (e.g. <c>parameters changed: fps</c>).</param>
/// <param name="Fingerprint">The current fingerprint, or null when an input is missing.</param>
/// <param name="Provenance">What the fingerprint covers, or null.</param>
/// <param name="Inputs">The committed input shards, or empty when one is missing.</param>
/// <param name="Sources">The resolved dataset source files.</param>
/// <param name="Outputs">The committed output sidecars (null entries where missing).</param>
public sealed record ItemAssessment(
    WorkItem Item,
    ItemState State,
    string Reason,
    string? Fingerprint,
    Provenance? Provenance,
    IReadOnlyDictionary<string, IReadOnlyList<InputShard>> Inputs,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Sidecar?> Outputs);
