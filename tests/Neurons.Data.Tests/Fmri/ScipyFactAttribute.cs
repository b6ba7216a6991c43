using Neurons.Testing.Python;

namespace Neurons.Data.Tests.Fmri;

/// <summary>A fact that is skipped when no <c>python3</c> with SciPy is installed (<c>scripts/ensure-python-oracles.sh</c>).</summary>
public sealed class ScipyFactAttribute : FactAttribute
{
    private const string Modules = "scipy.stats";

    public ScipyFactAttribute()
    {
        if (PythonOracle.Find(Modules) is null)
        {
            Skip = "python3 with scipy is not installed (scripts/ensure-python-oracles.sh)";
        }
    }

    internal static (int ExitCode, string Output) RunPython(string script) => PythonOracle.Run(Modules, script);
}
