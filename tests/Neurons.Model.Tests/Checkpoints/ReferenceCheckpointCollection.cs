namespace Neurons.Model.Tests.Checkpoints;

/// <summary>The test classes that share one run of <c>reference_checkpoint.py write</c> (Python with torch starts in seconds).</summary>
[CollectionDefinition(Name)]
public sealed class ReferenceCheckpointCollection : ICollectionFixture<ReferenceCheckpointFixture>
{
    public const string Name = "PyTorch reference checkpoints";
}
