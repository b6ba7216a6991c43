namespace Neurons.Engine.Config;

/// <summary>A raw configuration value with where it came from, so errors can name the file and key.</summary>
/// <param name="Raw">The raw value: a scalar string, a list, or null.</param>
/// <param name="File">The file it was read from, or <c>environment</c>.</param>
/// <param name="Key">The key path in that file, or the environment variable name.</param>
public sealed record ConfigValue(object? Raw, string File, string Key);
