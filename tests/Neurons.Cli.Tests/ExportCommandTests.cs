using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Export_IntoAFolderThatIsNotEmpty_RefusesWithoutForceAndKeepsItsFiles()
    {
        // Given a project and an output folder holding a file named like one export writes
        using var project = new MiniProject();
        var target = Directory.CreateDirectory(Path.Combine(project.Root, "out")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "manifest.json"), "mine");

        // When exporting into it without --force
        var result = await project.RunAsync("export", "neuroclips", "--out", "out");

        // Then it is refused in one line with exit 2, and the file is unchanged
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not empty; choose an empty folder, or pass --force", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "manifest.json")));
    }
}
