namespace Neurons.Annotation.Vlm;

/// <summary>Normalises object names: trimmed, lowercase (invariant), empty ones dropped, first occurrence kept.</summary>
public static class ObjectNames
{
    /// <summary>Returns the normalised list.</summary>
    public static List<string> Normalize(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var clean = name.Trim().ToLowerInvariant();
            if (clean.Length > 0 && seen.Add(clean))
            {
                result.Add(clean);
            }
        }

        return result;
    }
}
