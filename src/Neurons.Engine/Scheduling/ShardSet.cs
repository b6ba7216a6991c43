using System.Globalization;
using Neurons.Engine.Config;

namespace Neurons.Engine.Scheduling;

/// <summary>
/// Set k of N (<c>--shard k/N</c>): the shards whose position in the dataset's canonical order is
/// congruent to k−1 modulo N. Lets a scheduler run the data stages on N machines against one shared workspace.
/// </summary>
/// <param name="Index">k, from 1.</param>
/// <param name="Count">N.</param>
public sealed record ShardSet(int Index, int Count)
{
    /// <summary>Every shard (1/1).</summary>
    public static readonly ShardSet Everything = new(1, 1);

    /// <summary>Gets a value indicating whether this set is a strict part of the shards.</summary>
    public bool IsPartial => Count > 1;

    /// <summary>Parses <c>k/N</c>.</summary>
    public static ShardSet Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
        {
            return new ShardSet(k, n);
        }

        throw new ConfigException("command line", "--shard", $"expected k/N with 1 <= k <= N, got '{text}'");
    }

    /// <summary>Returns whether the shard at <paramref name="position"/> (0-based) belongs to the set.</summary>
    public bool Contains(int position) => position % Count == Index - 1;

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
