using System.Text.Json;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.IO;
using Neurons.Model.Prior;
using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Fixtures;

/// <summary>
/// A small stage-2 setting: a tiny stage-1 brain (4 tokens × 16, text 8, 60 voxels) exported as
/// <c>Stage1Trainer.ExportModel</c> writes it, a decoupled configuration with a 1-layer prior, a small decoder and a
/// 1-layer GPT-2 over a 40-token vocabulary, and decodable splits (voxels, tokens, text, masks, latents, concepts
/// and caption ids all driven by one per-clip latent).
/// </summary>
internal static class Stage2Fixture
{
    public const int Voxels = 60;
    public const int Tokens = 4;
    public const int Width = 16;
    public const int TextWidth = 8;
    public const int Frames = 6;
    public const int Concepts = 51;
    public const int CaptionLength = 6;
    public const int Vocabulary = 40;
    public const long PadId = -100;

    public static readonly BrainModelConfig Brain = new()
    {
        Name = "test",
        Voxels = [Voxels],
        Hidden = 32,
        Blocks = 2,
        Tokens = Tokens,
        Width = Width,
        TextWidth = TextWidth,
    };

    public static readonly DecoupledModelConfig Config = new()
    {
        Name = "test",
        Brain = Brain,
        Prior = PriorConfig.Tiny(Tokens, Width) with { Depth = 1, Heads = 2, DimHead = 4 },
        Decoupler = DecouplerConfig.Tiny(Tokens, Width, TextWidth) with { ProjectorChannels = [16, 8, 8], DecoderChannels = [8, 8, 8], Groups = 4 },
        Gpt2 = Gpt2Config.Tiny(vocabSize: Vocabulary, positions: 16) with { Width = 16, Layers = 1, Heads = 2 },
        CaptionLength = CaptionLength,
    };

    /// <summary>Gets the decoder side (2×2 grid × 4 = 8).</summary>
    public static int Side => Config.Decoupler.OutputSide;

    /// <summary>Writes a random tiny brain export (with a random frozen projection) and returns its path.</summary>
    public static string WriteBrain(string directory, int seed = 5)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "brain_model.safetensors");
        using var random = new RandomSource(seed);
        torch.manual_seed(seed);
        using var model = new NeuronsBrainModel(Brain, random);
        using var gen = new Generator((ulong)seed);
        using var proj = randn(Width, TextWidth, generator: gen).div_(4);
        model.LoadTextProjection(proj);
        SafeTensors.Save(path, ModuleWeights.Prefixed(model, string.Empty), new Dictionary<string, string>
        {
            ["neurons.kind"] = NeuronsDecoupledModel.BrainKind,
            ["neurons.config"] = JsonSerializer.Serialize(Brain),
            ["neurons.subject"] = "1",
        });
        return path;
    }

    /// <summary>Creates decodable training and test splits.</summary>
    public static (Stage2Split Train, Stage2Split Test) Splits(int train = 30, int test = 12, int seed = 7)
    {
        using var gen = new Generator((ulong)seed);
        const int latent = 6;
        var w = randn(latent, Voxels, generator: gen);
        var a = randn(latent, Frames * Tokens * Width, generator: gen);
        var c = randn(latent, TextWidth, generator: gen);
        var l = randn(latent, Frames * 4 * 5 * 5, generator: gen);
        var k = randn(latent, Concepts, generator: gen);
        Stage2Split Make(int n)
        {
            using var scope = NewDisposeScope();
            var z = randn(n, latent, generator: gen);
            var voxels = z.matmul(w).add(randn(n, Voxels, generator: gen).mul(0.3));
            var tokens = z.matmul(a).reshape(n, Frames, Tokens, Width).to(ScalarType.Float16);
            var text = z.matmul(c).to(ScalarType.Float16);
            var keyText = z.matmul(c).neg().to(ScalarType.Float16);

            // Masks: a square whose corner follows the latent's first coordinate.
            var masks = zeros(n, Frames, Side, Side, dtype: ScalarType.Byte);
            var first = z.select(1, 0).data<float>().ToArray();
            for (var i = 0; i < n; i++)
            {
                var corner = first[i] > 0 ? 0 : Side / 2;
                using var slot = masks[i];
                using var region = slot.narrow(1, corner, Side / 2).narrow(2, corner, Side / 2);
                region.fill_(1);
            }

            var latents = z.matmul(l).reshape(n, Frames, 4, 5, 5).mul(0.3).to(ScalarType.Float16);
            var concepts = z.matmul(k).gt(0.8).to(ScalarType.Float32);

            // Captions: a start id, two ids set by the latent's signs, a stop id, then padding.
            var second = z.select(1, 1).data<float>().ToArray();
            var ids = new long[n * CaptionLength];
            for (var i = 0; i < n; i++)
            {
                long[] row = [1, first[i] > 0 ? 5 : 6, second[i] > 0 ? 7 : 8, 2, PadId, PadId];
                row.CopyTo(ids, i * CaptionLength);
            }

            var captionIds = tensor(ids, [n, CaptionLength], dtype: ScalarType.Int64);
            foreach (var t in new[] { voxels, tokens, text, keyText, masks, latents, concepts, captionIds })
            {
                t.MoveToOuterDisposeScope();
            }

            return new Stage2Split(voxels, tokens, text, keyText, masks, latents, concepts, captionIds);
        }

        var trainSplit = Make(train);
        var testSplit = Make(test);
        w.Dispose();
        a.Dispose();
        c.Dispose();
        l.Dispose();
        k.Dispose();
        return (trainSplit, testSplit);
    }
}
