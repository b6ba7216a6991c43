using Neurons.Data.Tables;

namespace Neurons.Model.Inference;

/// <summary>The concept names and their pooled CLIP text embeddings, from the <c>target_concepts</c> table, in classifier order.</summary>
/// <param name="Names">The concept names (underscores as spaces).</param>
/// <param name="Text">[concepts, <paramref name="Width"/>] row-major.</param>
/// <param name="Width">T, the text embedding width.</param>
public sealed record ConceptTexts(IReadOnlyList<string> Names, float[] Text, int Width)
{
    /// <summary>Reads the table.</summary>
    /// <exception cref="InvalidDataException">The rows are not 0…n−1 in order, or a text vector has the wrong width.</exception>
    public static async Task<ConceptTexts> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var rows = (await ParquetRows.ReadAsync<TargetConceptRow>(path, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.Index).ToList();
        if (rows.Count == 0 || rows.Select((r, i) => r.Index != i).Any(b => b))
        {
            throw new InvalidDataException($"{path}: target_concepts must hold rows 0..{rows.Count - 1} in order, one per concept");
        }

        var width = rows[0].TextWidth;
        var text = rows.SelectMany(r => r.ClipText).ToArray();
        if (text.Length != rows.Count * width)
        {
            throw new InvalidDataException($"{path}: every clip_text must hold text_width = {width} values");
        }

        return new ConceptTexts([.. rows.Select(r => r.Concept.Replace('_', ' '))], text, width);
    }
}
