namespace Neurons.Generation.Sampling;

/// <summary>Classifier-free guidance: ε = ε_u + s·(ε_c − ε_u).</summary>
public static class Guidance
{
    /// <summary>Combines the unconditional and conditional predictions with scale <paramref name="scale"/> into <paramref name="output"/> (may alias either input).</summary>
    public static void Combine(ReadOnlySpan<float> unconditional, ReadOnlySpan<float> conditional, float scale, Span<float> output)
    {
        if (unconditional.Length != conditional.Length || output.Length != conditional.Length)
        {
            throw new ArgumentException($"guidance inputs differ in length ({unconditional.Length}, {conditional.Length}, {output.Length})");
        }

        for (var i = 0; i < output.Length; i++)
        {
            var u = unconditional[i];
            output[i] = u + (scale * (conditional[i] - u));
        }
    }
}
