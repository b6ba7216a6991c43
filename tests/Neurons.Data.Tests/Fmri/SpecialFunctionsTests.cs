using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(5.0, 3.1780538303479458)]
    [InlineData(0.5, 0.57236494292470009)]
    [InlineData(0.1, 2.2527126517342059)]
    [InlineData(100.0, 359.13420536957540)]
    public void LogGamma_MatchesKnownValues(double x, double expected)
    {
        // Given ln Γ(1) = 0, ln 4! , ln √π, ln Γ(0.1), ln Γ(100)
        // When / Then
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.77)]
    public void RegularizedIncompleteBeta_MatchesClosedForms(double x)
    {
        // Given I_x(1,1) = x, I_x(3,1) = x³ and I_x(2,3) = P(Bin(4, x) ≥ 2)
        var binomial = (6 * x * x * (1 - x) * (1 - x)) + (4 * x * x * x * (1 - x)) + Math.Pow(x, 4);

        // When / Then
        Assert.Equal(x, SpecialFunctions.RegularizedIncompleteBeta(x, 1, 1), 1e-14);
        Assert.Equal(x * x * x, SpecialFunctions.RegularizedIncompleteBeta(x, 3, 1), 1e-14);
        Assert.Equal(binomial, SpecialFunctions.RegularizedIncompleteBeta(x, 2, 3), 1e-14);
    }

    [Fact]
    public void RegularizedIncompleteBeta_AtTheEnds_IsZeroAndOne()
    {
        // Given x = 0 and x = 1 / When / Then
        Assert.Equal(0, SpecialFunctions.RegularizedIncompleteBeta(0, 8.5, 0.5));
        Assert.Equal(1, SpecialFunctions.RegularizedIncompleteBeta(1, 8.5, 0.5));
    }
}
