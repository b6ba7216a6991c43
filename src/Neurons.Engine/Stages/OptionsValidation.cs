using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neurons.Engine.Stages;

/// <summary>
/// Validates a stage's options record with its DataAnnotations attributes and <see cref="IValidatableObject"/> rules,
/// naming each parameter as <c>stage.yaml</c> does (snake_case), never by its C# property name.
/// </summary>
public static class OptionsValidation
{
    /// <summary>Binds the parameters to <typeparamref name="T"/> and returns every rule they break.</summary>
    public static IReadOnlyList<ParameterError> Validate<T>(StageParameters parameters)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var options = parameters.Bind<T>();
        var errors = new List<ParameterError>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(options);
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? YamlName(property.Name);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>(inherit: true))
            {
                if (!attribute.IsValid(value))
                {
                    errors.Add(new ParameterError(name, Describe(attribute, value, name)));
                }
            }
        }

        if (options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(options)))
            {
                var member = result.MemberNames.FirstOrDefault() is { } m
                    ? typeof(T).GetProperty(m)?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? YamlName(m)
                    : "(parameters)";
                errors.Add(new ParameterError(member, result.ErrorMessage ?? "invalid"));
            }
        }

        return errors;
    }

    /// <summary>
    /// Binds the parameters of stage <paramref name="stageName"/> to <typeparamref name="T"/> after checking them with
    /// <see cref="Validate{T}"/>, so a stage called directly refuses what a run would.
    /// </summary>
    /// <exception cref="Config.ConfigException">One line naming every broken rule.</exception>
    public static T Bind<T>(StageParameters parameters, string stageName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = Validate<T>(parameters);
        if (errors.Count > 0)
        {
            throw new Config.ConfigException($"stages/{stageName}/stage.yaml", $"stages.{stageName}.{errors[0].Parameter}", string.Join("; ", errors.Select(e => $"{e.Parameter} {e.Message}")));
        }

        return parameters.Bind<T>();
    }

    /// <summary>Returns an error for every named file that does not exist (an empty path is "not configured" and passes).</summary>
    /// <param name="files">Parameter names with the paths they hold.</param>
    public static IEnumerable<ParameterError> MissingFiles(params (string Parameter, string Path)[] files) =>
        files.Where(f => f.Path.Length > 0 && !File.Exists(f.Path) && !Directory.Exists(f.Path))
            .Select(f => new ParameterError(f.Parameter, $"{f.Path} does not exist (see docs/models.md for what to supply)"));

    /// <summary>The <c>stage.yaml</c> name of an options property.</summary>
    public static string YamlName(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);

    private static string Describe(ValidationAttribute attribute, object? value, string name)
    {
        var shown = value switch
        {
            null => "nothing",
            string s => $"'{s}'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return attribute switch
        {
            RangeAttribute r => string.Create(CultureInfo.InvariantCulture, $"must be between {r.Minimum} and {r.Maximum}, got {shown}"),
            AllowedValuesAttribute a => $"must be one of {string.Join(", ", a.Values)}, got {shown}",
            RequiredAttribute => "is required",
            _ => $"{attribute.FormatErrorMessage(name)} (got {shown})",
        };
    }
}
