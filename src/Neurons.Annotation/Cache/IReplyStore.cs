using System.Diagnostics.CodeAnalysis;

namespace Neurons.Annotation.Cache;

/// <summary>Where <see cref="VlmReplyCache"/> keeps its entries: a folder of reply files, or one SQLite file.</summary>
internal interface IReplyStore : IDisposable
{
    /// <summary>Gets the folder or file.</summary>
    string Path { get; }

    /// <summary>Looks a key up; on a hit records the use and returns the stored reply.</summary>
    bool TryGet(string key, [NotNullWhen(true)] out string? reply);

    /// <summary>Stores (or replaces) an entry; durable when this returns.</summary>
    void Put(CacheEntry entry);

    /// <summary>Counts entries, hits and sizes.</summary>
    CacheStatistics GetStatistics();

    /// <summary>Removes the entries matching the filter and returns how many were removed.</summary>
    int Prune(CachePruneFilter filter);
}
