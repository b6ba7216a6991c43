namespace Neurons.Data.Cc2017;

/// <summary>One movie segment of a cc2017-layout dataset; the pipeline makes each one a shard.</summary>
/// <param name="Name">The segment name (<c>seg1</c>…<c>seg18</c>, <c>test1</c>…<c>test5</c>).</param>
/// <param name="Split">The split it belongs to (<see cref="Cc2017Layout.TrainSplit"/> or <see cref="Cc2017Layout.TestSplit"/>).</param>
public sealed record Cc2017Segment(string Name, string Split);
