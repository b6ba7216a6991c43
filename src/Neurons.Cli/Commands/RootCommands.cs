using System.CommandLine;

namespace Neurons.Cli.Commands;

/// <summary>The subcommands of <c>pipeline</c>.</summary>
internal static class RootCommands
{
    public static IEnumerable<Command> All() =>
    [
        RunCommand.Create(),
        StatusCommand.Create(),
        DoctorCommand.Create(),
        StagesCommand.Create(),
        DagCommand.Create(),
        MiniCommand.Create(),
        BenchCommand.Create(),
        MetricsCommand.Create(),
        ReportCommand.Create(),
        CacheCommand.Create(),
        ExportCommand.Create(),
        FmriLagCommand.Create(),
        ConceptsCommand.Create(),
        ReconstructCommand.Create(),
        SlurmCommand.Create(),
    ];
}
