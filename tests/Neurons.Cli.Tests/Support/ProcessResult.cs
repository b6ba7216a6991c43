namespace Neurons.Cli.Tests.Support;

/// <summary>What a finished <c>pipeline</c> process returned and printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
