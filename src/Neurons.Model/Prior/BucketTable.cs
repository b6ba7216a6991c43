namespace Neurons.Model.Prior;

/// <summary>The relative-position bucket of every (query, key) pair of one sequence shape, row-major.</summary>
internal sealed record BucketTable(long Queries, long Keys, long[] Indices);
