namespace Neurons.Engine.Config;

/// <summary>Where the dataset is, and whether to generate it when missing.</summary>
/// <param name="Path">The absolute dataset root.</param>
/// <param name="PathOrigin">Where <paramref name="Path"/> was configured.</param>
/// <param name="Generate">The generator to run when the root is missing (e.g. <c>mini</c>), or null.</param>
/// <param name="Options">The generator's options (raw values keyed by option name).</param>
public sealed record DatasetConfig(string Path, ConfigValue PathOrigin, string? Generate, IReadOnlyDictionary<string, ConfigValue> Options);
