namespace Neurons.Annotation.Vlm;

/// <summary>What a VLM returned: the message text (JSON to parse) and token counts when the server gave them.</summary>
/// <param name="Content">The assistant message content.</param>
/// <param name="PromptTokens">Prompt tokens evaluated, if reported.</param>
/// <param name="OutputTokens">Tokens generated, if reported.</param>
internal sealed record VlmReply(string Content, int? PromptTokens, int? OutputTokens);
