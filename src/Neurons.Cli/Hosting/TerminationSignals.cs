using System.Runtime.InteropServices;

namespace Neurons.Cli.Hosting;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancelled token, so a command can remove what it had half-written
/// and exit with 130; a second signal ends the process at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private readonly PosixSignalRegistration[] registrations;

    public TerminationSignals()
    {
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Gets the token cancelled by the first signal.</summary>
    public CancellationToken Token => cancellation.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancellation.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (cancellation.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        cancellation.Cancel();
    }
}
