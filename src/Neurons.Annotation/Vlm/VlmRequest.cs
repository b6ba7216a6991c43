namespace Neurons.Annotation.Vlm;

/// <summary>One request to a VLM: a prompt with its reply schema, one image or none (a text-only question), and the decoding options.</summary>
/// <param name="Prompt">The prompt and schema.</param>
/// <param name="Image">The image shown with the user message, or null for a text-only request.</param>
/// <param name="Options">The decoding options of this attempt.</param>
internal sealed record VlmRequest(PromptTemplate Prompt, EncodedImage? Image, VlmGenerationOptions Options);
