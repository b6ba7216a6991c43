using System.Globalization;
using Neurons.Data.Mini;
using Neurons.Engine.Config;

namespace Neurons.Cli.Hosting;

/// <summary>Reads the mini generator's options from <c>dataset.*</c> keys of <c>pipeline.yaml</c>.</summary>
internal static class MiniOptionsBinder
{
    public static MiniOptions Bind(IReadOnlyDictionary<string, ConfigValue> values)
    {
        var options = new MiniOptions();
        foreach (var (name, value) in values)
        {
            var text = value.Raw as string ?? throw new ConfigException(value.File, value.Key, "expected a single value");
            int Int() => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ConfigException(value.File, value.Key, $"expected a positive integer, got '{text}'");
            options = name switch
            {
                "seed" => options with { Seed = Int() },
                "trs" => options with { TrsPerSegment = Int() },
                "train_segments" => options with { TrainSegments = Int() },
                "test_segments" => options with { TestSegments = Int() },
                "subjects" => options with { Subjects = Int() },
                "width" => options with { Width = Int() },
                "height" => options with { Height = Int() },
                "left_vertices" => options with { LeftVertices = Int() },
                "right_vertices" => options with { RightVertices = Int() },
                _ => throw new ConfigException(value.File, value.Key, "unknown option of the mini generator (known: seed, trs, train_segments, test_segments, subjects, width, height, left_vertices, right_vertices)"),
            };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            var origin = values.Values.FirstOrDefault();
            throw new ConfigException(origin?.File ?? "pipeline.yaml", "dataset", e.Message);
        }

        return options;
    }
}
