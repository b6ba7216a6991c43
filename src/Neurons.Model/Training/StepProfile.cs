using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// Wall time per phase of the training steps (batch, forward, loss, backward, optimiser, read-back, scope
/// disposal, GC), summed over steps, for the training benchmarks. Each mark first waits for the device (CUDA
/// kernels run asynchronously; CPU ops are synchronous), so a phase holds the work it issued. Off (null) in normal
/// runs: the trainers then do no extra synchronisation.
/// </summary>
internal sealed class StepProfile
{
    private readonly List<string> order = [];
    private readonly Dictionary<string, TimeSpan> totals = new(StringComparer.Ordinal);
    private readonly bool cuda;
    private long last;

    /// <summary>Initializes a new instance of the <see cref="StepProfile"/> class for the training device.</summary>
    public StepProfile(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        cuda = device.type == DeviceType.CUDA;
    }

    /// <summary>Gets the number of steps recorded (calls to <see cref="Begin"/>).</summary>
    public long Steps { get; private set; }

    /// <summary>Gets the phases in first-seen order with their summed time.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Phases => order.Select(p => new KeyValuePair<string, TimeSpan>(p, totals[p])).ToList();

    /// <summary>Gets the summed time of all phases.</summary>
    public TimeSpan Total => totals.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    /// <summary>Starts a step: the clock runs from here to the next <see cref="Mark"/>.</summary>
    public void Begin()
    {
        Sync();
        Steps++;
        last = Stopwatch.GetTimestamp();
    }

    /// <summary>Charges the time since the previous mark (or <see cref="Begin"/>) to <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        Sync();
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(last, now);
        if (totals.TryGetValue(phase, out var sum))
        {
            totals[phase] = sum + elapsed;
        }
        else
        {
            order.Add(phase);
            totals[phase] = elapsed;
        }

        last = now;
    }

    /// <summary>Gets or sets an action run by <see cref="Reset"/> (the benchmark reads counters there).</summary>
    public Action? OnReset { get; set; }

    /// <summary>Forgets everything recorded (after warm-up steps).</summary>
    public void Reset()
    {
        OnReset?.Invoke();
        order.Clear();
        totals.Clear();
        Steps = 0;
    }

    private void Sync()
    {
        if (cuda)
        {
            torch.cuda.synchronize();
        }
    }
}
