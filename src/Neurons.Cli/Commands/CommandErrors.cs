using Neurons.Engine.Config;
using Neurons.Engine.Workspace;

namespace Neurons.Cli.Commands;

/// <summary>Turns the errors a command can meet before any work starts, and an interruption, into one line and an exit code.</summary>
internal static class CommandErrors
{
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            return Fail(e.Message);
        }
        catch (ConfigErrors e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            return ExitCodes.UsageError;
        }
        catch (WorkspaceBusyException e)
        {
            return Fail(e.Message);
        }
        catch (WorkspaceRefusedException e)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: nothing half-written was kept");
            return ExitCodes.Cancelled;
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.UsageError;
    }
}
