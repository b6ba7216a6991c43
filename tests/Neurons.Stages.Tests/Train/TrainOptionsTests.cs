using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Engine.Config;
using Neurons.Stages.Train;

namespace Neurons.Stages.Tests.Train;

public sealed class TrainOptionsTests
{
    [Fact]
    public void ToTrainerOptions_DefaultsAreTheModelLibrarysDefaults()
    {
        // Given the stage defaults
        // When mapped to the trainer's options
        var mapped = TrainStage.ToTrainerOptions(new TrainOptions());

        // Then they equal Stage1Options' own (reference) defaults
        Assert.Equal(new Neurons.Model.Training.Stage1Options(), mapped);
    }

    private static string Text(object? value) => value switch
    {
        JsonArray a => "[" + string.Join(",", a.Select(Text)) + "]",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object>().Select(Text)) + "]",
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        IConvertible c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty,
        _ => value?.ToString() ?? string.Empty,
    };
}
