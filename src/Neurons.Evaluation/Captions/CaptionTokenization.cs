namespace Neurons.Evaluation.Captions;

/// <summary>Applies <see cref="PtbTokenizer"/> to every caption of a corpus (what <c>COCOEvalCap</c> does first).</summary>
public static class CaptionTokenization
{
    /// <summary>Returns the corpus with every hypothesis and reference replaced by its space-joined tokens.</summary>
    public static IReadOnlyList<CaptionSample> Tokenize(IReadOnlyList<CaptionSample> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return corpus
            .Select(s => new CaptionSample(
                PtbTokenizer.TokenizeToString(s.Hypothesis),
                s.References.Select(PtbTokenizer.TokenizeToString).ToList()))
            .ToList();
    }
}
