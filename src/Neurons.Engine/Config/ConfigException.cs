namespace Neurons.Engine.Config;

/// <summary>
/// A configuration error, reported as one line naming the file and key: <c>file: key: message</c>.
/// The CLI maps it to exit code 2.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigException"/> class.</summary>
    public ConfigException(string file, string key, string message)
        : base($"{file}: {key}: {message}")
    {
        File = file;
        Key = key;
    }

    /// <summary>Gets the file the error is in.</summary>
    public string File { get; }

    /// <summary>Gets the key path inside the file (e.g. <c>stages.slice.fps</c>).</summary>
    public string Key { get; }
}
