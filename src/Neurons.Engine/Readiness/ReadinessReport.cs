namespace Neurons.Engine.Readiness;

/// <summary>Every readiness check of one invocation, in the order stages were given.</summary>
/// <param name="Findings">The checks, passed and failed.</param>
/// <param name="Seconds">Wall time of the checks.</param>
public sealed record ReadinessReport(IReadOnlyList<ReadinessFinding> Findings, double Seconds)
{
    /// <summary>Gets the failed checks.</summary>
    public IReadOnlyList<ReadinessFinding> Problems => Findings.Where(f => !f.Ok).ToList();
}
