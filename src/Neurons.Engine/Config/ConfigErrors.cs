namespace Neurons.Engine.Config;

/// <summary>Every configuration error found at once, each naming its origin; nothing runs while there is one.</summary>
public sealed class ConfigErrors : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigErrors"/> class.</summary>
    public ConfigErrors(IReadOnlyList<ConfigException> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    /// <summary>Gets the errors, one line each.</summary>
    public IReadOnlyList<ConfigException> Errors { get; }
}
