using System.Text.Json.Nodes;

namespace Neurons.Stages.Train;

/// <summary>The target shapes a <c>targets</c> shard's sidecar declares, and the fitted text projection it names.</summary>
internal sealed record TargetShape(int Frames, int Tokens, int Width, int TextWidth, string TextProjection)
{
    public static TargetShape FromMetadata(string shardPath, JsonObject metadata)
    {
        int Int(string key) => metadata[key] is JsonValue v && v.TryGetValue<int>(out var i) && i > 0
            ? i
            : throw new InvalidDataException($"{shardPath}: the targets sidecar has no positive integer '{key}'");
        var projection = metadata["text_projection"] is JsonValue p && p.TryGetValue<string>(out var s) ? s : string.Empty;
        return new TargetShape(Int("frames"), Int("tokens"), Int("width"), Int("text_width"), projection);
    }
}
