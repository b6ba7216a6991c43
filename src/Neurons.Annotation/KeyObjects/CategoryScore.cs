namespace Neurons.Annotation.KeyObjects;

/// <summary>One category's accumulated evidence in a clip.</summary>
/// <param name="Category">The category name.</param>
/// <param name="Displacement">Summed centroid displacement in pixels over consecutive frame pairs, priority-weighted.</param>
/// <param name="Area">Its area as a fraction of the frame, from the last frame pair it was followed in.</param>
public sealed record CategoryScore(string Category, double Displacement, double Area);
