using System.Diagnostics;
using Neurons.Files;
using Neurons.Model.Checkpoints;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neurons-ckpt-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Save_AfterARunWasKilledMidSave_RemovesItsTemporaryFileButNotALiveOne()
    {
        // Given a checkpoint temp of a process that died (as SIGKILL during a save leaves it) and one of this live process
        int dead;
        using (var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            process.WaitForExit();
            dead = process.Id;
        }

        var killed = Path.Combine(root, $"step-000000010.safetensors.tmp-{TempOwner.Host}_{dead}-7");
        var live = Path.Combine(root, TempOwner.Name("step-000000020.safetensors", "9"));
        File.WriteAllText(killed, "half a model");
        File.WriteAllText(live, "being written");
        var store = new CheckpointStore(root, keepLast: 2);

        // When the next run saves a checkpoint
        using var weight = ones(2, 3);
        var path = store.Save(30, [new("w", weight)], new Dictionary<string, string>());

        // Then the dead run's temp is gone, the live one stays, and the checkpoint is committed
        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(live));
        Assert.Equal([path], store.List().Select(c => c.Path));
    }
}
