using System.Text.Json;

namespace Neurons.Testing.Vlm;

/// <summary>One request the loopback server received.</summary>
/// <param name="Sequence">0-based arrival order.</param>
/// <param name="Path">The URL path.</param>
/// <param name="Body">The parsed JSON body.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
public sealed record RecordedRequest(int Sequence, string Path, JsonElement Body, string? Authorization)
{
    /// <summary>Gets a value indicating whether the request is Ollama's /api/chat.</summary>
    public bool IsOllama => Path == "/api/chat";

    /// <summary>Gets a value indicating whether the reply schema asks for a caption (else objects).</summary>
    public bool IsCaption => Schema.GetProperty("properties").TryGetProperty("caption", out _);

    /// <summary>Gets a value indicating whether an Ollama request asked for a stream (its default is true).</summary>
    public bool Stream => !Body.TryGetProperty("stream", out var s) || s.ValueKind == JsonValueKind.True;

    /// <summary>Gets the reply schema the request carried.</summary>
    public JsonElement Schema => IsOllama
        ? Body.GetProperty("format")
        : Body.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");

    /// <summary>Gets the image as base64 (no data: prefix).</summary>
    public string ImageBase64 => IsOllama
        ? Body.GetProperty("messages")[1].GetProperty("images")[0].GetString()!
        : Body.GetProperty("messages")[1].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString()!.Split(',', 2)[1];

    /// <summary>Gets the text of the user message.</summary>
    public string UserText
    {
        get
        {
            var content = Body.GetProperty("messages")[1].GetProperty("content");
            return content.ValueKind == JsonValueKind.String ? content.GetString()! : content[0].GetProperty("text").GetString()!;
        }
    }

    /// <summary>Gets a value indicating whether the user message carried an image.</summary>
    public bool HasImage
    {
        get
        {
            var message = Body.GetProperty("messages")[1];
            if (IsOllama)
            {
                return message.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array && images.GetArrayLength() > 0;
            }

            var content = message.GetProperty("content");
            return content.ValueKind == JsonValueKind.Array && content.EnumerateArray().Any(p => p.GetProperty("type").GetString() == "image_url");
        }
    }

    /// <summary>Gets the sampling seed sent.</summary>
    public int Seed => IsOllama
        ? Body.GetProperty("options").GetProperty("seed").GetInt32()
        : Body.GetProperty("seed").GetInt32();
}
