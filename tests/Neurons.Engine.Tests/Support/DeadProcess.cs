using System.Diagnostics;
using Neurons.Files;

namespace Neurons.Engine.Tests.Support;

/// <summary>Owner tags of a process of this machine that has exited (a killed run's), for leftovers tests plant.</summary>
public static class DeadProcess
{
    /// <summary>Returns the pid of a process that ran and exited.</summary>
    public static int Pid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>Returns <paramref name="finalName"/>'s temporary name as a dead process of this machine gave it.</summary>
    public static string TempName(string finalName) => $"{finalName}{TempOwner.Marker}{TempOwner.Host}_{Pid()}-0123456789abcdef";
}
