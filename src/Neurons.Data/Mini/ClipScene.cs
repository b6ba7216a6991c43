namespace Neurons.Data.Mini;

/// <summary>What one 2-s mini clip shows: its objects (drawn in order) over a sky and a ground region.</summary>
/// <param name="Segment">The segment name.</param>
/// <param name="Split">train or test.</param>
/// <param name="TrIndex">The TR index in the segment.</param>
/// <param name="SplitIndex">The clip's position in its split (the release files' idx).</param>
/// <param name="Objects">The objects, back to front; the first one moves, any other stands still.</param>
/// <param name="Ground">The ground region's name: water or road.</param>
/// <param name="Caption">The caption a perfect annotator would give.</param>
public sealed record ClipScene(string Segment, string Split, int TrIndex, int SplitIndex, IReadOnlyList<SceneObject> Objects, string Ground, string Caption)
{
    /// <summary>Gets the object tags of the clip: its objects, then the ground region.</summary>
    public IReadOnlyList<string> Tags => [.. Objects.Select(o => o.Name), Ground];

    /// <summary>Gets the object that moves (the first; a second object stands still).</summary>
    public SceneObject Moving => Objects[0];
}
