using System.Globalization;

namespace Neurons.Data.Fmri;

/// <summary>One run: subject, segment and repeat; written <c>subject3/test2/9</c>.</summary>
/// <param name="Subject">The subject number.</param>
/// <param name="Segment">The segment name.</param>
/// <param name="Repeat">The 1-based repeat.</param>
public sealed record FmriRunId(int Subject, string Segment, int Repeat)
{
    /// <summary>Parses <c>subject&lt;s&gt;/&lt;segment&gt;/&lt;repeat&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not in that form.</exception>
    public static FmriRunId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 3
            && parts[0].StartsWith("subject", StringComparison.Ordinal)
            && int.TryParse(parts[0]["subject".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var subject)
            && parts[1].Length > 0
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var repeat)
            && repeat > 0)
        {
            return new FmriRunId(subject, parts[1], repeat);
        }

        throw new FormatException($"run '{text}' is not of the form subject<s>/<segment>/<repeat>, e.g. subject3/test2/9");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"subject{Subject}/{Segment}/{Repeat}");
}
