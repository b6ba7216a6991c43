namespace Neurons.Engine.ScaleOut;

/// <summary>How a job starts the pipeline on a node, and where its scripts and logs go.</summary>
/// <param name="Command">The command that starts the pipeline (already shell-quoted where needed), e.g. <c>pipeline</c> or <c>dotnet /opt/neurons/pipeline.dll</c>.</param>
/// <param name="ConfigFile">The absolute path of <c>pipeline.yaml</c> (on the shared filesystem).</param>
/// <param name="Profile">The profile given on the command line, or null for the file's own choice.</param>
/// <param name="ScriptDirectory">The folder the scripts, the submit script and the job logs are written to.</param>
public sealed record SlurmInvocation(string Command, string ConfigFile, string? Profile, string ScriptDirectory);
