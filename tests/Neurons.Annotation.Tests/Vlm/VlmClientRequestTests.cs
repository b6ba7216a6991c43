using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class VlmClientRequestTests
{
    private static readonly VlmGenerationOptions Generation = new() { Temperature = 0, Seed = 7, NumCtx = 4096, MaxTokens = 256 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ollama_SendsImageSchemaOptionsAndKeepAlive_AndReadsReply(bool stream)
    {
        // Given a loopback Ollama and the key frame of a clip
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server, "ollama", stream);
        var clip = ClipFixtures.Make(1)[0];
        var rgb = ClipFixtures.Frame(clip, 2);
        var image = EncodedImage.FromRgb(rgb, clip.Width, clip.Height);

        // When the caption prompt is sent
        var reply = await gateway.SendAsync(new VlmRequest(TestPrompts.Caption, image, Generation), () => { }, CancellationToken.None);

        // Then the reply content is the assistant message (joined from the pieces when streamed) with token counts
        Assert.Equal("""{"caption":"a dog running on a road"}""", reply.Content);
        Assert.Equal(70, reply.PromptTokens);
        Assert.Equal(9, reply.OutputTokens);

        // And the body is /api/chat with the system and user texts, the PNG of the frame as base64,
        // the schema as format, temperature 0, the seed, num_ctx, num_predict and keep_alive
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.Path);
        var body = request.Body;
        Assert.Equal(
            ["format", "keep_alive", "messages", "model", "options", "stream"],
            body.EnumerateObject().Select(p => p.Name).Where(n => n != "CustomHeaders").Order(StringComparer.Ordinal));
        Assert.Equal("qwen2.5vl:7b", body.GetProperty("model").GetString());
        Assert.Equal(stream, body.GetProperty("stream").GetBoolean());
        Assert.Equal("10m", body.GetProperty("keep_alive").GetString());
        Assert.True(JsonElement.DeepEquals(TestPrompts.Caption.Schema, body.GetProperty("format")));
        Assert.True(JsonElement.DeepEquals(
            Parse("""{"temperature":0,"seed":7,"num_ctx":4096,"num_predict":256}"""),
            body.GetProperty("options")));
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal(TestPrompts.Caption.System, messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal(TestPrompts.Caption.User, messages[1].GetProperty("content").GetString());
        Assert.Equal(EncodedImage.FromRgb(rgb, clip.Width, clip.Height).ToBase64(), Assert.Single(messages[1].GetProperty("images").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task OpenAi_SendsExactChatCompletionBody_WithDataUriAndJsonSchema()
    {
        // Given a loopback OpenAI-compatible server, a bearer token, and a frame
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server, "openai", apiKey: "sk-test");
        var clip = ClipFixtures.Make(1)[0];
        var image = EncodedImage.FromRgb(ClipFixtures.Frame(clip, 2), clip.Width, clip.Height);

        // When the object prompt is sent
        var reply = await gateway.SendAsync(new VlmRequest(TestPrompts.Objects, image, Generation), () => { }, CancellationToken.None);

        // Then the reply is choices[0].message.content with usage counts
        Assert.Equal("""{"objects":["Dog","road"]}""", reply.Content);
        Assert.Equal(70, reply.PromptTokens);
        Assert.Equal(9, reply.OutputTokens);

        // And the body is exactly the OpenAI chat-completions request: a text part and an image_url
        // part with a PNG data URI, temperature, seed, max_tokens and a strict json_schema response_format
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Authorization);
        var expected = new JsonObject
        {
            ["model"] = "Qwen/Qwen2.5-VL-72B-Instruct",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = TestPrompts.Objects.System },
                new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = TestPrompts.Objects.User },
                        new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + image.ToBase64() } }),
                }),
            ["temperature"] = 0,
            ["seed"] = 7,
            ["max_tokens"] = 256,
            ["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject
                {
                    ["name"] = "objects",
                    ["strict"] = true,
                    ["schema"] = JsonNode.Parse(TestPrompts.Objects.SchemaJson),
                },
            },
            ["stream"] = false,
        };
        Assert.True(JsonElement.DeepEquals(Parse(expected.ToJsonString()), request.Body), request.Body.GetRawText());
    }

    [Fact]
    public async Task OpenAi_WhenEndpointEndsWithV1_PostsToChatCompletionsBelowIt()
    {
        // Given an endpoint URL that already names /v1
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = VlmGateway.Create(
            new VlmEndpointOptions { Kind = "openai", Url = server.Url + "v1", Model = "m" },
            TestGateways.Fast,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            TimeProvider.System);
        var clip = ClipFixtures.Make(1)[0];

        // When a request is sent
        await gateway.SendAsync(new VlmRequest(TestPrompts.Caption, EncodedImage.FromRgb(ClipFixtures.Frame(clip, 0), 16, 16), Generation), () => { }, CancellationToken.None);

        // Then the path is /v1/chat/completions, not /v1/v1/...
        Assert.Equal("/v1/chat/completions", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task OpenAi_WithoutApiKey_SendsNoAuthorizationHeader()
    {
        // Given an OpenAI-compatible server started without a key, and no key configured
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server, "openai");
        var clip = ClipFixtures.Make(1)[0];

        // When a request is sent
        await gateway.SendAsync(new VlmRequest(TestPrompts.Caption, EncodedImage.FromRgb(ClipFixtures.Frame(clip, 0), 16, 16), Generation), () => { }, CancellationToken.None);

        // Then it carries no Authorization header (the OpenAI package's placeholder credential is removed)
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
