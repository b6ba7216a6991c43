namespace Neurons.Annotation.Concepts;

/// <summary>The WordNet lemmas found for an object name, most likely first, and how they were found.</summary>
/// <param name="Forms">The lemmas (underscores between words), most likely first.</param>
/// <param name="How">How: <c>word</c>, <c>collocation</c>, <c>head noun</c>, <c>hyphen</c>, <c>joined</c>, <c>run-together</c> or <c>split head</c>.</param>
internal sealed record LemmaMatch(IReadOnlyList<string> Forms, string How);
