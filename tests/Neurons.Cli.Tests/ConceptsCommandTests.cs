using System.Text.Json;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class ConceptsCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("neurons-concepts-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Explain_WithJson_PrintsOneObjectPerNameWithNameAndConcepts()
    {
        // Given two names on the command line and one in a file (with a comment and a blank line)
        var file = Path.Combine(folder, "names.txt");
        await File.WriteAllTextAsync(file, "# names\n\nfishing-rod\n");

        // When they are explained as JSON
        var result = await PipelineProcess.RunAsync(folder, "concepts", "explain", "Crane", "qwzxv", "--file", file, "--json");

        // Then there is one JSON object per name, in order, with its concepts, source and senses
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var crane = JsonDocument.Parse(lines[0]);
        Assert.Equal("Crane", crane.RootElement.GetProperty("name").GetString());
        Assert.Equal(["device"], crane.RootElement.GetProperty("concepts").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("crane.n.04", crane.RootElement.GetProperty("senses")[0].GetString());
        Assert.Equal(5, crane.RootElement.GetProperty("considered").GetArrayLength());
        using var unknown = JsonDocument.Parse(lines[1]);
        Assert.Equal(0, unknown.RootElement.GetProperty("concepts").GetArrayLength());
        Assert.Equal("none", unknown.RootElement.GetProperty("source").GetString());
        using var rod = JsonDocument.Parse(lines[2]);
        Assert.Equal("fishing_rod", rod.RootElement.GetProperty("lemma").GetString());
        Assert.Equal(["sports equipment"], rod.RootElement.GetProperty("concepts").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Explain_AsText_ShowsTheSensesAndThePath()
    {
        var result = await PipelineProcess.RunAsync(folder, "concepts", "explain", "leopard");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("leopard -> animal, mammal  [wordnet]\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  * leopard.n.02 -> animal, mammal", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  path: leopard.n.02 > big_cat.n.01 > feline.n.01 > carnivore.n.01 > placental.n.01 > mammal.n.01 [mammal]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WithoutNames_ExitsWith2NamingWhatIsMissing()
    {
        var result = await PipelineProcess.RunAsync(folder, "concepts", "explain");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: command line: concepts explain: give at least one name, or --file NAMES.txt", Assert.Single(result.ErrorLines));
    }
}
