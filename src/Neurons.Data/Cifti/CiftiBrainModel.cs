namespace Neurons.Data.Cifti;

/// <summary>
/// One surface brain model of a CIFTI-2 BRAIN_MODELS map: which matrix rows (grayordinates) hold which
/// vertices of which surface.
/// </summary>
/// <param name="Structure">The CIFTI brain structure, e.g. <c>CIFTI_STRUCTURE_CORTEX_LEFT</c>.</param>
/// <param name="IndexOffset">The first grayordinate (0-based) of this model.</param>
/// <param name="IndexCount">How many grayordinates the model covers.</param>
/// <param name="SurfaceVertexCount">The number of vertices of the whole surface mesh (e.g. 32,492 for fs_LR 32k).</param>
/// <param name="VertexIndices">The 0-based surface vertex of each grayordinate, <paramref name="IndexCount"/> entries.</param>
public sealed record CiftiBrainModel(string Structure, int IndexOffset, int IndexCount, int SurfaceVertexCount, IReadOnlyList<int> VertexIndices);
