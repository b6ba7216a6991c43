namespace Neurons.Annotation.KeyObjects;

/// <summary>The key object of one clip.</summary>
/// <param name="KeyObject">The chosen category, or <see cref="NoneName"/>.</param>
/// <param name="Reason">Why it was chosen.</param>
/// <param name="TopObjects">The first k categories of the ordering the choice was taken from (k = top_k); empty for "None".</param>
/// <param name="Ranking">Every followed category, most displaced first (the evidence).</param>
/// <param name="Displacement">The chosen category's weighted displacement (0 for the largest-object fallback and "None").</param>
/// <param name="Area">The chosen category's area fraction (0 for "None").</param>
/// <param name="Width">The mask width.</param>
/// <param name="Height">The mask height.</param>
/// <param name="FrameMasks">One packed-bit mask per frame: the chosen category's mask (the last one listed on that frame), or all zero.</param>
public sealed record KeyObjectChoice(
    string KeyObject,
    KeyObjectReason Reason,
    IReadOnlyList<string> TopObjects,
    IReadOnlyList<CategoryScore> Ranking,
    double Displacement,
    double Area,
    int Width,
    int Height,
    IReadOnlyList<byte[]> FrameMasks)
{
    /// <summary>The key object name when nothing qualified (as the reference writes it).</summary>
    public const string NoneName = "None";
}
