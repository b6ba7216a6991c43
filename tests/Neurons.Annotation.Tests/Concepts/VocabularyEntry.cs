namespace Neurons.Annotation.Tests.Concepts;

/// <summary>One line of <c>Data/captioning-vocabulary.txt</c>: a name, the concepts a person would accept for it, and where it was taken from.</summary>
internal sealed record VocabularyEntry(string Name, IReadOnlySet<string> Acceptable, string Source)
{
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Concepts", "Data", "captioning-vocabulary.txt");

    /// <summary>Reads the file: <c>@source</c> headers, <c>name ; concept|concept</c> lines, <c>#</c> comments.</summary>
    public static IReadOnlyList<VocabularyEntry> Load()
    {
        var entries = new List<VocabularyEntry>();
        var source = string.Empty;
        var number = 0;
        foreach (var raw in File.ReadLines(FilePath))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("@source ", StringComparison.Ordinal))
            {
                source = line["@source ".Length..].Trim();
                continue;
            }

            var parts = line.Split(';');
            if (parts.Length != 2 || source.Length == 0)
            {
                throw new FormatException($"{FilePath}:{number}: expected 'name ; concept|concept' under an @source header");
            }

            var acceptable = parts[1].Split('|').Select(c => c.Trim()).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
            entries.Add(new VocabularyEntry(parts[0].Trim(), acceptable, source));
        }

        return entries;
    }
}
