using System.Runtime.CompilerServices;

namespace Neurons.Model.Tests.Fixtures;

/// <summary>
/// Runs libtorch single-threaded in this test process: CI machines are shared, and OpenMP's spinning barriers make
/// tiny models 100× slower when the cores are oversubscribed. Results do not depend on it.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void SingleThreaded() => TorchSharp.torch.set_num_threads(1);
}
