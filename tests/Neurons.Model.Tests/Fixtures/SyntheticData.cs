using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Fixtures;

/// <summary>
/// A decodable toy problem: each clip has a latent z; voxels = z·W + noise (fresh noise per repeat), CLIP tokens =
/// z·A (+ a little per-frame noise), captions = z·C. Deterministic for a seed.
/// </summary>
internal static class SyntheticData
{
    public const int Tokens = 4;
    public const int Width = 16;
    public const int TextWidth = 8;

    public static TrainingData Create(int train = 96, int test = 24, int voxels = 200, int latent = 8, double noise = 0.5, int seed = 7, int testRepeats = 3)
    {
        using var gen = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var w = randn(latent, voxels, generator: gen);
        var a = randn(latent, Tokens * Width, generator: gen);
        var c = randn(latent, TextWidth, generator: gen);
        var ztr = randn(train, latent, generator: gen);
        var zte = randn(test, latent, generator: gen);
        Tensor Vox(Tensor z) => z.matmul(w).add(randn(z.shape[0], voxels, generator: gen).mul(noise));
        var repeats = new[] { Vox(ztr), Vox(ztr) };
        var frames = new Dictionary<int, Tensor>
        {
            [2] = ztr.matmul(a).add(randn(train, Tokens * Width, generator: gen).mul(0.1)).reshape(train, Tokens, Width).to(ScalarType.Float16),
            [3] = ztr.matmul(a).add(randn(train, Tokens * Width, generator: gen).mul(0.1)).reshape(train, Tokens, Width).to(ScalarType.Float16),
        };
        var text = ztr.matmul(c).to(ScalarType.Float16);
        var testVox = stack(Enumerable.Range(0, testRepeats).Select(_ => Vox(zte)).ToArray(), 1);
        var testTok = zte.matmul(a).reshape(test, Tokens, Width).to(ScalarType.Float16);
        var testText = zte.matmul(c).to(ScalarType.Float16);
        foreach (var t in repeats.Concat(frames.Values).Append(text).Append(testVox).Append(testTok).Append(testText))
        {
            t.MoveToOuterDisposeScope();
        }

        return new TrainingData(repeats, frames, text, testVox, testTok, testText);
    }

    public static Tensor TextProjection(int seed = 11)
    {
        using var gen = new Generator((ulong)seed);
        return randn(Width, TextWidth, generator: gen).div_(Math.Sqrt(Width));
    }
}
