using Neurons.Cli.Hosting;
using Neurons.Engine.Config;

namespace Neurons.Cli.Tests.Hosting;

public sealed class MiniOptionsBinderTests
{
    [Fact]
    public void Bind_GeometryKeys_SetTheMovieSizeAndVertexCounts()
    {
        // Given dataset keys for the full cortical geometry at 640x360
        var values = Values(("width", "640"), ("height", "360"), ("left_vertices", "29696"), ("right_vertices", "29716"));

        // When bound
        var options = MiniOptionsBinder.Bind(values);

        // Then every key lands on its option and the rest keep the mini defaults
        Assert.Equal((640, 360, 29696, 29716), (options.Width, options.Height, options.LeftVertices, options.RightVertices));
        Assert.Equal(24, options.TrsPerSegment);
    }

    [Fact]
    public void Bind_MoreVerticesThanTheSurface_IsAConfigErrorNamingTheLimit()
    {
        var e = Assert.Throws<ConfigException>(() => MiniOptionsBinder.Bind(Values(("left_vertices", "40000"))));

        Assert.Contains("at most 32492", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, ConfigValue> Values(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => new ConfigValue(p.Value, "pipeline.yaml", $"dataset.{p.Key}"));
}
