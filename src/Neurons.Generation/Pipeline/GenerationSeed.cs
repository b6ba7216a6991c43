namespace Neurons.Generation.Pipeline;

/// <summary>The seed of a clip's Gaussian stream, by the generate stage's <c>seed_mode</c>.</summary>
public static class GenerationSeed
{
    /// <summary>Returns <paramref name="seed"/> for <c>reference</c> (every clip alike, as the reference's <c>torch.manual_seed(0)</c>) or the decoded row's own seed for <c>clip</c>.</summary>
    /// <param name="seedMode"><c>reference</c> or <c>clip</c>.</param>
    /// <param name="seed">The stage's <c>seed</c>.</param>
    /// <param name="decodedSeed">The decoded row's seed.</param>
    public static ulong Of(string seedMode, int seed, long decodedSeed) =>
        seedMode == "clip" ? unchecked((ulong)decodedSeed) : unchecked((ulong)seed);
}
