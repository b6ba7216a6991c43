using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed class MiniCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neurons-mini-cli-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Mini_WithForce_OnASubsetHoldingAUserFile_RefusesAndKeepsIt()
    {
        // Given a generated subset in which the user keeps a file
        Assert.Equal(0, (await PipelineProcess.RunAsync(root, "mini", "--out", "m", "--trs", "2")).ExitCode);
        var notes = Path.Combine(root, "m", "stimuli", "notes.txt");
        await File.WriteAllTextAsync(notes, "my work");
        var before = Directory.GetFiles(Path.Combine(root, "m"), "*", SearchOption.AllDirectories).Length;

        // When it is regenerated with --force
        var result = await PipelineProcess.RunAsync(root, "mini", "--out", "m", "--trs", "3", "--force");

        // Then it is refused in one line naming the file (exit 2), and nothing was removed or added
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("holds files the mini generator did not write (stimuli/notes.txt)", line, StringComparison.Ordinal);
        Assert.Equal("my work", await File.ReadAllTextAsync(notes));
        Assert.Equal(before, Directory.GetFiles(Path.Combine(root, "m"), "*", SearchOption.AllDirectories).Length);
        Assert.Equal(["m"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Mini_FullGeometryWithTooManySubjects_RefusesNamingTheOption()
    {
        // When the full geometry is asked for 4 subjects
        var result = await PipelineProcess.RunAsync(root, "mini", "--out", "m", "--geometry", "full", "--subjects", "4");

        // Then it is refused in one line naming --subjects, and nothing is written
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--subjects: subjects must be between 1 and 3", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task Mini_WhenTheFolderIsNotASubset_RefusesEvenWithForce()
    {
        // Given a folder of the user's
        Directory.CreateDirectory(Path.Combine(root, "data"));
        await File.WriteAllTextAsync(Path.Combine(root, "data", "thesis.tex"), "chapter 1");

        // When mini is pointed at it with --force
        var result = await PipelineProcess.RunAsync(root, "mini", "--out", "data", "--force");

        // Then it is refused and the file is kept
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a generated mini subset", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("chapter 1", await File.ReadAllTextAsync(Path.Combine(root, "data", "thesis.tex")));
    }

    [Fact]
    public async Task Mini_AfterASigkillDuringGeneration_TheNextRunLeavesNoTemporaryFolder()
    {
        // Given a generation killed with SIGKILL once its temporary folder exists
        using (var process = PipelineProcess.Start(root, "mini", "--out", "m", "--trs", "12"))
        {
            var started = await ProcessProbe.WaitUntilAsync(() => Directory.GetDirectories(root, "m.tmp-*").Length > 0, process, TimeSpan.FromMinutes(2));
            process.Kill();
            await process.WaitForExitAsync();
            Assert.True(started, "the generator finished before it could be killed");
        }

        Assert.Single(Directory.GetDirectories(root, "m.tmp-*"));

        // When mini runs again
        var result = await PipelineProcess.RunAsync(root, "mini", "--out", "m", "--trs", "2");

        // Then it succeeds and only the subset is left
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["m"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Mini_InterruptedDuringGeneration_ExitsCleanlyWithNothingLeftBehind(string signal)
    {
        // Given a generation that has started writing its temporary folder
        using var process = PipelineProcess.Start(root, "mini", "--out", "m", "--trs", "12");
        var stderr = process.StandardError.ReadToEndAsync();
        var started = await ProcessProbe.WaitUntilAsync(() => Directory.GetDirectories(root, "m.tmp-*").Length > 0, process, TimeSpan.FromMinutes(2));
        Assert.True(started, "the generator finished before it could be interrupted");

        // When the user presses Ctrl-C (or the scheduler sends SIGTERM)
        ProcessProbe.Signal(process.Id, signal);
        await process.WaitForExitAsync();

        // Then the command stops with the interruption exit code, one line, and leaves no subset and no temporary folder
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("interrupted: nothing half-written was kept", (await stderr).Trim());
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }
}
