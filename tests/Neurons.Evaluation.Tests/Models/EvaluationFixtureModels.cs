using Neurons.Testing.Onnx;

namespace Neurons.Evaluation.Tests.Models;

/// <summary>
/// Small ONNX graphs with the real signatures of the evaluation exports. Each one average-pools the
/// normalised image in 56×56 blocks (4×4 per channel) and applies a seeded random linear layer, so
/// its outputs depend on the preprocessing, the frame order and the batch layout.
/// </summary>
internal static class EvaluationFixtureModels
{
    public const int Pool = 56;
    public const int Cells = 224 / Pool;

    public static float[] Weights(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * cols).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary><c>pixel_values</c> [batch, frames, 3, 224, 224] → <c>logits</c> [batch, classes].</summary>
    public static byte[] VideoMae(int frames = 6, int classes = 400, string inputName = "pixel_values")
    {
        var g = new OnnxGraphBuilder("videomae_fixture");
        var x = g.Input(inputName, OnnxDataType.Float, "batch", frames, 3, 224, 224);
        var pooled = g.AveragePool(g.Reshape(x, -1, 3, 224, 224), Pool);
        var features = frames * 3 * Cells * Cells;
        var flat = g.Reshape(pooled, -1, features);
        g.Output("logits", g.MatMul(flat, g.Const(Weights(features, classes, 1), features, classes)), OnnxDataType.Float, "batch", classes);
        return g.ToBytes();
    }

    /// <summary><c>pixel_values</c> [batch, 3, 224, 224] → <paramref name="outputName"/> [batch, width].</summary>
    public static byte[] Image(int width, string outputName, int seed)
    {
        var g = new OnnxGraphBuilder("image_fixture");
        var x = g.Input("pixel_values", OnnxDataType.Float, "batch", 3, 224, 224);
        const int features = 3 * Cells * Cells;
        var flat = g.Reshape(g.AveragePool(x, Pool), -1, features);
        g.Output(outputName, g.MatMul(flat, g.Const(Weights(features, width, seed), features, width)), OnnxDataType.Float, "batch", width);
        return g.ToBytes();
    }

    /// <summary>ViT-B/16 ImageNet signature: [batch, 3, 224, 224] → <c>logits</c> [batch, 1000].</summary>
    public static byte[] Vit() => Image(1000, "logits", 2);

    /// <summary>CLIP ViT-L/14 image signature: [batch, 3, 224, 224] → <c>image_embeds</c> [batch, 768].</summary>
    public static byte[] Clip() => Image(768, "image_embeds", 3);

    /// <summary>What the fixtures compute, in C#: 56×56 block means of a [3, 224, 224] (or [T, 3, 224, 224]) input, times the weights.</summary>
    public static float[] Expected(ReadOnlySpan<float> input, int outputs, int seed)
    {
        var planes = input.Length / (224 * 224);
        var features = new double[planes * Cells * Cells];
        for (var p = 0; p < planes; p++)
        {
            for (var y = 0; y < 224; y++)
            {
                for (var x = 0; x < 224; x++)
                {
                    features[(p * Cells * Cells) + ((y / Pool) * Cells) + (x / Pool)] += input[(p * 224 * 224) + (y * 224) + x] / (double)(Pool * Pool);
                }
            }
        }

        var w = Weights(features.Length, outputs, seed);
        var result = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var s = 0.0;
            for (var f = 0; f < features.Length; f++)
            {
                s += features[f] * w[(f * outputs) + o];
            }

            result[o] = (float)s;
        }

        return result;
    }
}
