namespace Neurons.Engine.Stages;

/// <summary>Lists the shards of a dataset (the engine knows nothing of any dataset's layout).</summary>
public interface IShardCatalog
{
    /// <summary>Returns the dataset's shards in their canonical order.</summary>
    /// <exception cref="Config.ConfigException">The dataset root is missing or holds no shards.</exception>
    IReadOnlyList<Shard> Discover(string datasetRoot);
}
