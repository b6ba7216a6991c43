using System.Text.Json.Serialization;

namespace Neurons.Bench;

/// <summary>The result of one benchmark: its rows, free-text notes, and when and where it ran.</summary>
internal sealed class BenchReport
{
    /// <summary>Initializes a new instance of the <see cref="BenchReport"/> class and records the start.</summary>
    public BenchReport(string name, string title)
    {
        Name = name;
        Title = title;
        Started = DateTimeOffset.UtcNow;
        LoadAverageAtStart = Machine.LoadAverages();
    }

    [JsonPropertyName("name")]
    public string Name { get; }

    [JsonPropertyName("title")]
    public string Title { get; }

    [JsonPropertyName("started_utc")]
    public DateTimeOffset Started { get; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; private set; }

    [JsonPropertyName("machine")]
    public string MachineDescription { get; } = Machine.Describe();

    [JsonPropertyName("load_average_start")]
    public double[] LoadAverageAtStart { get; }

    [JsonPropertyName("load_average_end")]
    public double[] LoadAverageAtEnd { get; private set; } = [];

    [JsonPropertyName("rows")]
    public List<BenchRow> Rows { get; } = [];

    [JsonPropertyName("notes")]
    public List<string> Notes { get; } = [];

    /// <summary>Records the end of the run.</summary>
    public BenchReport Finish()
    {
        Seconds = (DateTimeOffset.UtcNow - Started).TotalSeconds;
        LoadAverageAtEnd = Machine.LoadAverages();
        return this;
    }
}
