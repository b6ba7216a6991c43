using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Bench.Train;

/// <summary>
/// In-memory training data of the shapes the trainer reads from the fmri and targets tables: voxels = z·W + noise
/// (a fresh draw per repeat), tokens = z·A and captions = z·C stored as float16, as the targets table does.
/// </summary>
internal static class SyntheticTrainingData
{
    public static TrainingData Create(TrainShape shape, int seed = 9)
    {
        const int latent = 16;
        var c = shape.Config;
        using var gen = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var w = randn(latent, c.Voxels[0], generator: gen);
        var a = randn(latent, (long)c.Tokens * c.Width, generator: gen).div_(4);
        var cap = randn(latent, c.TextWidth, generator: gen).div_(4);
        var ztr = randn(shape.TrainClips, latent, generator: gen);
        var zte = randn(shape.TestClips, latent, generator: gen);
        Tensor Vox(Tensor z) => z.matmul(w).add_(randn(z.shape[0], c.Voxels[0], generator: gen));
        Tensor Tokens(Tensor z) => z.matmul(a).reshape(z.shape[0], c.Tokens, c.Width).to(ScalarType.Float16);
        var repeats = new[] { Vox(ztr), Vox(ztr) };
        var frames = new Dictionary<int, Tensor> { [2] = Tokens(ztr), [3] = Tokens(ztr) };
        var text = ztr.matmul(cap).to(ScalarType.Float16);
        var testVoxels = stack(new[] { Vox(zte), Vox(zte), Vox(zte) }, 1);
        var testTokens = Tokens(zte);
        var testText = zte.matmul(cap).to(ScalarType.Float16);
        foreach (var t in repeats.Concat(frames.Values).Append(text).Append(testVoxels).Append(testTokens).Append(testText))
        {
            t.MoveToOuterDisposeScope();
        }

        return new TrainingData(repeats, frames, text, testVoxels, testTokens, testText);
    }

    public static Tensor TextProjection(TrainShape shape, int seed = 11)
    {
        using var gen = new Generator((ulong)seed);
        return randn(shape.Config.Width, shape.Config.TextWidth, generator: gen).div_(Math.Sqrt(shape.Config.Width));
    }
}
