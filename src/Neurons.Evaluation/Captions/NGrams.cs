namespace Neurons.Evaluation.Captions;

/// <summary>N-gram counting over whitespace tokens, as pycocoevalcap's <c>precook</c> does.</summary>
internal static class NGrams
{
    /// <summary>Counts every n-gram of order 1..<paramref name="maxOrder"/>; keys are the n-gram words joined by a single space.</summary>
    /// <returns>One dictionary per order (index 0 = unigrams).</returns>
    public static Dictionary<string, int>[] Count(IReadOnlyList<string> words, int maxOrder)
    {
        var counts = new Dictionary<string, int>[maxOrder];
        for (var n = 1; n <= maxOrder; n++)
        {
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i + n <= words.Count; i++)
            {
                var key = n == 1 ? words[i] : string.Join(' ', words.Skip(i).Take(n));
                d[key] = d.TryGetValue(key, out var c) ? c + 1 : 1;
            }

            counts[n - 1] = d;
        }

        return counts;
    }

    /// <summary>Splits on whitespace, like Python's <c>str.split()</c>.</summary>
    public static string[] Split(string sentence) =>
        sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
