using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Neurons.Engine.ScaleOut;

namespace Neurons.Cli.Hosting;

/// <summary>Submits a written job chain through <c>sbatch --parsable</c>, each job with its <c>afterok</c> dependencies, and prints the job ids.</summary>
internal static class SlurmSubmitter
{
    public static async Task<int> SubmitAsync(SlurmPlan plan, IReadOnlyList<string> scripts, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < plan.Jobs.Count; i++)
        {
            var job = plan.Jobs[i];
            var info = new ProcessStartInfo("sbatch")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(scripts[i])!,
            };
            info.ArgumentList.Add("--parsable");
            foreach (var argument in SlurmScript.DependencyArguments(job, plan, d => ids[d]))
            {
                info.ArgumentList.Add(argument);
            }

            info.ArgumentList.Add(scripts[i]);
            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (Win32Exception)
            {
                Console.Error.WriteLine("error: sbatch was not found on PATH; run `pipeline slurm --submit` on a Slurm login node (or submit the written scripts with their submit.sh)");
                return ExitCodes.UsageError;
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var id = (await stdout.ConfigureAwait(false)).Trim().Split(';')[0];
                if (process.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
                {
                    var why = (await stderr.ConfigureAwait(false)).Trim().Split('\n')[0];
                    Console.Error.WriteLine($"error: sbatch refused {Path.GetFileName(scripts[i])} (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {why}{(ids.Count > 0 ? $"; already submitted: {string.Join(", ", ids)} (scancel them, fix the cause, then pipeline slurm --submit --resume)" : string.Empty)}");
                    return ExitCodes.StageFailed;
                }

                ids.Add(id);
                var shape = job.IsArray ? $"array {SlurmPlanner.ArraySpec(job.Tasks)} of {plan.ArrayTasks.ToString(CultureInfo.InvariantCulture)} shard sets" : "global";
                var after = job.DependsOn.Count > 0 ? $", after {string.Join(", ", job.DependsOn.Select(d => ids[d]))}" : string.Empty;
                Console.Out.WriteLine($"submitted {job.Name}: job {id} ({shape}{after}{(job.UsesGpu ? ", GPU" : string.Empty)})");
            }
        }

        return ExitCodes.Success;
    }
}
