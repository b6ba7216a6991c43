using System.Globalization;
using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>
/// The frozen mean-token → text projection as a safetensors file: one tensor <c>proj</c> [width, text width]
/// (e.g. NEURONS' <c>coco_tokens_avg_proj</c> converted, or the one the <c>train</c> stage fits).
/// </summary>
public static class TextProjectionFile
{
    /// <summary>The <c>neurons.kind</c> metadata value of a fitted projection.</summary>
    public const string Kind = "neurons-text-projection/1";

    /// <summary>Reads <c>proj</c> and checks its shape.</summary>
    /// <exception cref="InvalidDataException"><c>proj</c> is not [<paramref name="width"/>, <paramref name="textWidth"/>].</exception>
    public static Tensor Load(string path, int width, int textWidth)
    {
        using var reader = new SafeTensorsReader(path);
        var proj = reader.Read("proj");
        if (!proj.shape.SequenceEqual(new long[] { width, textWidth }))
        {
            var text = string.Join(", ", proj.shape);
            proj.Dispose();
            throw new InvalidDataException($"{path}: proj is [{text}], the targets need [{width}, {textWidth}]");
        }

        return proj;
    }

    /// <summary>Makes the float32 tensor of row-major weights [width, text width] and saves it with its ridge penalty.</summary>
    /// <returns>The projection tensor (the caller owns it).</returns>
    public static Tensor Save(string path, float[] weights, int width, int textWidth, double lambda)
    {
        var projection = tensor(weights, new long[] { width, textWidth }, dtype: ScalarType.Float32);
        SafeTensors.Save(path, [new("proj", projection)], new Dictionary<string, string>
        {
            ["neurons.kind"] = Kind,
            ["lambda"] = lambda.ToString("R", CultureInfo.InvariantCulture),
        });
        return projection;
    }
}
