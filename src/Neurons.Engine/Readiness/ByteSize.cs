using System.Globalization;

namespace Neurons.Engine.Readiness;

/// <summary>Formats byte counts for messages.</summary>
internal static class ByteSize
{
    /// <summary>Formats a byte count with binary units, e.g. <c>2.6 GiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
