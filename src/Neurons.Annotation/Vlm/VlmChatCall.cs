using Microsoft.Extensions.AI;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// One request in Microsoft.Extensions.AI terms, built before a request slot is taken: a system message, a
/// user message with the prompt text and (unless text-only) the PNG as <see cref="DataContent"/>, and the
/// <see cref="ChatOptions"/> every backend understands (temperature, seed, most output tokens, the reply schema
/// as a JSON-schema response format); <paramref name="Options"/> carries the backend's own request fields
/// through <see cref="ChatOptions.RawRepresentationFactory"/>.
/// </summary>
/// <param name="Messages">The system and user messages.</param>
/// <param name="Options">The chat options.</param>
internal sealed record VlmChatCall(IReadOnlyList<ChatMessage> Messages, ChatOptions Options)
{
    /// <summary>Builds the call for <paramref name="request"/>; <paramref name="raw"/> returns the backend's own request object to start from.</summary>
    public static VlmChatCall Create(VlmRequest request, Func<IChatClient, object?> raw)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<AIContent> user = [new TextContent(request.Prompt.User)];
        if (request.Image is { } image)
        {
            user.Add(new DataContent(image.Bytes, image.MediaType));
        }

        var options = new ChatOptions
        {
            Temperature = (float)request.Options.Temperature,
            Seed = request.Options.Seed,
            MaxOutputTokens = request.Options.MaxTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(request.Prompt.Schema, request.Prompt.Name),
            RawRepresentationFactory = raw,
        };
        return new VlmChatCall([new ChatMessage(ChatRole.System, request.Prompt.System), new ChatMessage(ChatRole.User, user)], options);
    }
}
