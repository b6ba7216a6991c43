using Neurons.Model.Tests.Fixtures;

namespace Neurons.Model.Tests.Checkpoints;

/// <summary>Runs <c>reference_checkpoint.py write</c> once: PyTorch's checkpoints, inputs, outputs and expected reports in a fresh folder.</summary>
public sealed class ReferenceCheckpointFixture : IDisposable
{
    public ReferenceCheckpointFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "neurons-pth-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        PythonTorch.Run(Script, "write", Directory, PythonTorch.RepositoryRoot);
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Checkpoints", "reference_checkpoint.py");

    public string Directory { get; }

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
