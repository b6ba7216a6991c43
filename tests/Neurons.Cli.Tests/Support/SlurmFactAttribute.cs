namespace Neurons.Cli.Tests.Support;

/// <summary>
/// A test that needs a loopback Slurm cluster: it runs where Slurm and munge are installed or can be (as root,
/// through scripts/ensure-slurm.sh), and is skipped with the reason otherwise, or when NEURONS_SKIP_SLURM_TESTS=1.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NEURONS_SKIP_SLURM_TESTS") == "1")
        {
            Skip = "NEURONS_SKIP_SLURM_TESTS=1";
        }
        else if (!OperatingSystem.IsLinux())
        {
            Skip = "the loopback Slurm cluster needs Linux";
        }
        else if (Environment.UserName != "root")
        {
            Skip = "the loopback Slurm cluster runs its daemons as root (SlurmUser=root); run as root to include it";
        }
    }
}
