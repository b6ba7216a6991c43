using System.Text.Json.Serialization;

namespace Neurons.Engine.Workspace;

/// <summary>Why a work item last failed.</summary>
/// <param name="Error">The one-line error.</param>
/// <param name="Fingerprint">The fingerprint it was attempted with.</param>
/// <param name="FailedUtc">When it failed.</param>
/// <param name="Seconds">How long it ran before failing.</param>
public sealed record FailureRecord(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("failed_utc")] DateTimeOffset FailedUtc,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>Gets the crash file (exception with stack trace, parameters, inputs) relative to the workspace, if one was written.</summary>
    [JsonPropertyName("crash_file")]
    public string? CrashFile { get; init; }
}
