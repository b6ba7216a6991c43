namespace Neurons.Stages.Tests.Mini;

/// <summary>The test classes that share one run of the mini profile (<see cref="MiniPipelineRun"/>): it takes minutes, so it runs once.</summary>
[CollectionDefinition(Name)]
public sealed class MiniRunCollection : ICollectionFixture<MiniPipelineRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "mini pipeline run";
}
