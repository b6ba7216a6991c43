using System.CommandLine;

namespace Neurons.Cli.Commands;

/// <summary>Options shared by the commands that read <c>pipeline.yaml</c>.</summary>
internal sealed class CommonOptions
{
    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = "The run configuration file.",
        DefaultValueFactory = _ => "pipeline.yaml",
    };

    public Option<string?> Profile { get; } = new("--profile", "-p")
    {
        Description = "The profile of pipeline.yaml to use (default: its 'profile' key, or NEURONS_PROFILE).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Profile);
    }
}
