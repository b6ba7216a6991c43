using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Neurons.Model.Training;

/// <summary>Runs an options record's DataAnnotations rules (the ones the pipeline reports before a run) for callers of the library.</summary>
internal static class TrainingOptionRules
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first broken rule by its parameter name.</summary>
    public static void ThrowIfInvalid(object options, string owner)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return;
        }

        var first = results[0];
        var member = first.MemberNames.FirstOrDefault();
        var name = member is null ? "(options)" : ParameterName(options.GetType(), member);
        var message = first.ErrorMessage ?? "invalid";
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{owner} options: {name}: {message}"));
    }

    private static string ParameterName(Type type, string property) =>
        type.GetProperty(property)?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property;
}
