using System.CommandLine;

namespace Neurons.Bench;

/// <summary>A benchmark subcommand: its name, options, the arguments of a quick run, and the code that measures.</summary>
/// <param name="Name">The subcommand name.</param>
/// <param name="Description">One line on what it measures.</param>
/// <param name="Options">Its options (each with a default).</param>
/// <param name="QuickArguments">Arguments that shorten the run for <c>all --quick</c>.</param>
/// <param name="Run">Runs the benchmark with the parsed options.</param>
internal sealed record BenchDefinition(
    string Name,
    string Description,
    IReadOnlyList<Option> Options,
    IReadOnlyList<string> QuickArguments,
    Func<ParseResult, CancellationToken, Task<BenchReport>> Run);
