using Neurons.Testing.Python;

namespace Neurons.Data.Tests.Cifti;

/// <summary>A fact that is skipped when no <c>python3</c> with nibabel and numpy is installed (<c>scripts/ensure-python-oracles.sh</c>).</summary>
public sealed class NibabelFactAttribute : FactAttribute
{
    private const string Modules = "nibabel, numpy";

    public NibabelFactAttribute()
    {
        if (PythonOracle.Find(Modules) is null)
        {
            Skip = "python3 with nibabel and numpy is not installed (scripts/ensure-python-oracles.sh)";
        }
    }

    internal static (int ExitCode, string Output) RunPython(string script, params string[] args) => PythonOracle.Run(Modules, script, args);
}
