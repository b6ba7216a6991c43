using System.Globalization;
using System.Text;

namespace Neurons.Engine.ScaleOut;

/// <summary>Writes the batch script of a job and the submit script of a chain.</summary>
public static class SlurmScript
{
    /// <summary>Returns the file name of job <paramref name="position"/> (<c>01-neurons-slice.sbatch</c>).</summary>
    public static string FileName(int position, SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return string.Create(CultureInfo.InvariantCulture, $"{position + 1:D2}-{job.Name}.sbatch");
    }

    /// <summary>Returns the batch script of a job.</summary>
    public static string Render(SlurmJob job, SlurmPlan plan, SlurmOptions options, SlurmInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(invocation);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("#!/bin/bash");
        Line($"#SBATCH --job-name={job.Name}");
        if (job.IsArray)
        {
            var throttle = options.MaxRunning is { } k ? string.Create(CultureInfo.InvariantCulture, $"%{k}") : string.Empty;
            Line($"#SBATCH --array={SlurmPlanner.ArraySpec(job.Tasks)}{throttle}");
            Line($"#SBATCH --output={Path.Combine(invocation.ScriptDirectory, "%x-%A_%a.out")}");
        }
        else
        {
            Line($"#SBATCH --output={Path.Combine(invocation.ScriptDirectory, "%x-%j.out")}");
        }

        Option("partition", options.Partition);
        Option("account", options.Account);
        Option("time", options.Time);
        Option("mem", options.Memory);
        Option("cpus-per-task", options.Cpus?.ToString(CultureInfo.InvariantCulture));
        if (job.UsesGpu && options.Gpus is { } gpus)
        {
            Line($"#SBATCH --gres=gpu:{gpus}");
        }

        foreach (var extra in options.Sbatch)
        {
            Line(extra.StartsWith("#SBATCH ", StringComparison.Ordinal) ? extra : "#SBATCH " + extra);
        }

        Line(string.Empty);
        Line($"# Written by `pipeline slurm`: {(job.IsArray ? $"task k of this array runs shard set k+1 of {plan.ArrayTasks.ToString(CultureInfo.InvariantCulture)} for" : "runs the global stage")} {string.Join(", ", job.Stages)}.");
        Line("set -euo pipefail");
        foreach (var setup in options.Setup)
        {
            Line(setup);
        }

        Line($"cd {Quote(Path.GetDirectoryName(invocation.ConfigFile)!)}");
        var command = new StringBuilder(invocation.Command).Append(" run --config ").Append(Quote(invocation.ConfigFile));
        if (invocation.Profile is { } profile)
        {
            command.Append(" --profile ").Append(Quote(profile));
        }

        if (job.IsArray)
        {
            command.Append(CultureInfo.InvariantCulture, $" --shard $((SLURM_ARRAY_TASK_ID+1))/{plan.ArrayTasks}");
        }

        foreach (var stage in job.Stages)
        {
            command.Append(" --stage ").Append(stage);
        }

        Line(command.ToString());
        return text.ToString();

        void Option(string name, string? value)
        {
            if (value is not null)
            {
                Line($"#SBATCH --{name}={value}");
            }
        }
    }

    /// <summary>Returns a shell script that submits the chain from its own folder and prints the job ids.</summary>
    public static string RenderSubmit(SlurmPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n# Submits the job chain written by `pipeline slurm` (each job afterok the jobs it reads from).\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\n");
        for (var i = 0; i < plan.Jobs.Count; i++)
        {
            var job = plan.Jobs[i];
            var dependency = DependencyArguments(job, plan, j => string.Create(CultureInfo.InvariantCulture, $"${{job{j + 1}%%;*}}"));
            text.Append(CultureInfo.InvariantCulture, $"job{i + 1}=$(sbatch --parsable{(dependency.Count > 0 ? " " + string.Join(' ', dependency) : string.Empty)} {FileName(i, job)})\n");
            text.Append(CultureInfo.InvariantCulture, $"echo \"{job.Name}: job ${{job{i + 1}%%;*}}\"\n");
        }

        return text.ToString();
    }

    /// <summary>Returns the sbatch arguments that make <paramref name="job"/> wait for its dependencies, given their job ids.</summary>
    public static IReadOnlyList<string> DependencyArguments(SlurmJob job, SlurmPlan plan, Func<int, string> jobId)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(jobId);
        return job.DependsOn.Count == 0
            ? []
            : ["--dependency=afterok:" + string.Join(':', job.DependsOn.Select(jobId)), "--kill-on-invalid-dep=yes"];
    }

    /// <summary>Quotes a word for bash when it holds anything but safe characters.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
