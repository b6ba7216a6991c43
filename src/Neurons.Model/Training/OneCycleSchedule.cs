namespace Neurons.Model.Training;

/// <summary>
/// <c>torch.optim.lr_scheduler.OneCycleLR</c> as NEURONS uses it (docs/model.md): two cosine phases, warm-up from
/// <c>max_lr / div_factor</c> to <c>max_lr</c> over <c>pct_start · total_steps</c> steps, then down to
/// <c>max_lr / div_factor / final_div_factor</c>; with <c>cycle_momentum</c> Adam's β1 moves the opposite way between
/// <see cref="MaxMomentum"/> and <see cref="BaseMomentum"/>. A pure function of the step, so its state is the step.
/// </summary>
/// <param name="MaxLr">The peak learning rate.</param>
/// <param name="TotalSteps">The number of optimiser steps (epochs × iterations per epoch).</param>
/// <param name="PctStart">The warm-up fraction (NEURONS: 2 / epochs).</param>
/// <param name="DivFactor">initial lr = max lr / this (torch default 25).</param>
/// <param name="FinalDivFactor">min lr = initial lr / this (NEURONS 1000).</param>
/// <param name="BaseMomentum">The β1 at peak learning rate (torch default 0.85).</param>
/// <param name="MaxMomentum">The β1 at both ends (torch default 0.95).</param>
public sealed record OneCycleSchedule(
    double MaxLr,
    long TotalSteps,
    double PctStart,
    double DivFactor = 25,
    double FinalDivFactor = 1000,
    double BaseMomentum = 0.85,
    double MaxMomentum = 0.95)
{
    /// <summary>Gets the learning rate at step 0.</summary>
    public double InitialLr => MaxLr / DivFactor;

    /// <summary>Gets the learning rate at the last step.</summary>
    public double MinLr => InitialLr / FinalDivFactor;

    /// <summary>Returns the learning rate and β1 used by optimiser step <paramref name="step"/> (0-based).</summary>
    public (double Lr, double Beta1) At(long step)
    {
        if (TotalSteps < 1)
        {
            throw new InvalidOperationException($"OneCycle total_steps must be ≥ 1, got {TotalSteps}");
        }

        if (step < 0 || step > TotalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"OneCycle was built for {TotalSteps} steps");
        }

        // torch: phase 1 ends at float(pct_start * total_steps) - 1, phase 2 at total_steps - 1.
        var end1 = (PctStart * TotalSteps) - 1;
        var end2 = (double)(TotalSteps - 1);
        if (step <= end1)
        {
            var pct = end1 == 0 ? 0 : step / end1;
            return (Cos(InitialLr, MaxLr, pct), Cos(MaxMomentum, BaseMomentum, pct));
        }
        else
        {
            var pct = end2 - end1 == 0 ? 0 : (step - end1) / (end2 - end1);
            return (Cos(MaxLr, MinLr, pct), Cos(BaseMomentum, MaxMomentum, pct));
        }
    }

    private static double Cos(double start, double end, double pct) =>
        end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1));
}
