using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Inference;
using Neurons.Testing.Onnx;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;
using Spectre.Console;
using static TorchSharp.torch;

namespace Neurons.Bench.Decode;

/// <summary>
/// Issue 14: decode throughput of the <c>tiny</c> stage-2 model (the mini profile's shapes) on this CPU — what the
/// <c>decode</c> stage does per batch: <see cref="DecoupledDecoder"/> (brain, the prior's 100 DDPM steps per clip,
/// motion projection, classifier, both decoder branches, masks on the latent, greedy caption) and the VAE decoder
/// (the mini fixture decoder, the real signature) — in clips/s, and the share of the time spent in the prior's
/// sampling steps, the part the same run times separately.
/// </summary>
internal static class DecodeBench
{
    private const int Frames = 6;

    public static BenchDefinition Definition()
    {
        var clips = new Option<int>("--clips") { Description = "Test clips decoded (after one warm-up batch).", DefaultValueFactory = _ => 40 };
        var batch = new Option<int>("--batch") { Description = "Clips per forward pass (the stage's batch_size).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads and ONNX Runtime threads of the VAE decoder.", DefaultValueFactory = _ => 1 };
        var voxels = new Option<int>("--voxels") { Description = "Voxels per clip (the mini subset's masked vertex count is of this order).", DefaultValueFactory = _ => 5000 };
        var captionTokens = new Option<int>("--caption-tokens") { Description = "Greedy caption length cap (the mini profile's max_caption_tokens).", DefaultValueFactory = _ => 16 };
        return new BenchDefinition(
            "decode",
            "Decode clips/s of the tiny stage-2 model and the share of time in the prior's 100 DDPM steps (issue 14).",
            [clips, batch, threads, voxels, captionTokens],
            ["--clips", "6", "--batch", "3"],
            (parse, ct) => Task.FromResult(Run(
                Math.Max(1, parse.GetValue(clips)),
                Math.Max(1, parse.GetValue(batch)),
                Math.Max(1, parse.GetValue(threads)),
                Math.Max(16, parse.GetValue(voxels)),
                Math.Max(1, parse.GetValue(captionTokens)),
                ct)));
    }

    private static BenchReport Run(int clips, int batchSize, int threads, int voxelCount, int captionTokens, CancellationToken cancellationToken)
    {
        var report = new BenchReport("decode", string.Create(CultureInfo.InvariantCulture, $"decode of the tiny stage-2 model on CPU, float32, {threads} thread(s), batch {batchSize}"));
        set_num_threads(threads);
        var folder = Directory.CreateTempSubdirectory("neurons-bench-decode-");
        try
        {
            var brain = BrainModelConfig.Tiny([voxelCount], 16, 32, 16);
            var config = DecoupledModelConfig.Tiny(brain);
            using var random = new RandomSource(1);
            using var model = new NeuronsDecoupledModel(config, random);
            using var gen = new Generator(3);
            using var concepts = randn([config.Decoupler.Concepts, config.Decoupler.TextWidth], generator: gen);
            var tokenizer = new Gpt2CaptionTokenizer();
            var vaePath = DecodeFixtureModels.WriteMiniSet(folder.FullName)[0];
            using var vae = VaeDecoder.Load(vaePath, new OnnxSessionOptions { IntraOpThreads = threads });
            var settings = new DecodeSettings { StopId = tokenizer.StopId, MaxCaptionTokens = captionTokens, PerClip = true, LatentSide = 28 };
            var input = Voxels(clips + batchSize, voxelCount);

            // Warm-up: one batch through both halves (JIT, libtorch and ONNX Runtime first-call costs), not counted.
            var warm = new DecoupledDecoder(model, concepts, settings, CPU);
            DecodeBatch(warm, vae, input, 0, Math.Min(batchSize, clips));

            var decoder = new DecoupledDecoder(model, concepts, settings, CPU);
            var loads = new List<double> { Machine.LoadAverage() };
            var vaeSeconds = 0.0;
            var watch = Stopwatch.StartNew();
            for (var start = 0; start < clips; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                vaeSeconds += DecodeBatch(decoder, vae, input, start + batchSize, Math.Min(batchSize, clips - start));
                loads.Add(Machine.LoadAverage());
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  {Math.Min(clips, start + batchSize)} / {clips} clips, {watch.Elapsed.TotalSeconds:F1} s, load {Machine.LoadAverage():F2}")));
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var load = loads.Average();
            var steps = config.Prior.Timesteps;
            var priorPerClip = decoder.PriorSeconds / clips;
            report.Rows.Add(BenchRow.Figure(string.Create(CultureInfo.InvariantCulture, $"decode throughput, tiny ({brain.Tokens} × {brain.Width} tokens, prior depth {config.Prior.Depth}, decoder [{string.Join(", ", config.Decoupler.DecoderChannels)}], GPT-2 {config.Gpt2.Layers} × {config.Gpt2.Width}, {config.ParameterCount(trainableOnly: false) / 1e6:F2} M parameters; {voxelCount} voxels), {clips} clips"), clips / seconds, "clips/s") with { LoadAverage = load });
            report.Rows.Add(new BenchRow($"the prior's {steps} DDPM steps (one clip at a time, as per_clip: true)", decoder.PriorSeconds, "s", "decode wall time", seconds, decoder.PriorSeconds / seconds, null, load));
            report.Rows.Add(new BenchRow("the rest of the model (brain, motion projection, classifier, decoder, caption)", decoder.TotalSeconds - decoder.PriorSeconds, "s", "decode wall time", seconds, (decoder.TotalSeconds - decoder.PriorSeconds) / seconds, null, load));
            report.Rows.Add(new BenchRow("VAE decoder (fixture, real signature) and frame bytes", vaeSeconds, "s", "decode wall time", seconds, vaeSeconds / seconds, null, load));
            report.Rows.Add(BenchRow.Figure("prior time per clip", priorPerClip * 1e3, "ms") with { LoadAverage = load });
            report.Rows.Add(BenchRow.Figure("prior time per DDPM step (one clip)", priorPerClip / steps * 1e3, "ms") with { LoadAverage = load });
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{clips} clips in batches of {batchSize} in {seconds:F1} s after a warm-up batch; random weights (decode time does not depend on the weights' values, except the caption's length: greedy decoding stops at end-of-text or after {captionTokens} tokens). The stage also writes 12 PNGs and an MP4 per clip and the Parquet shard, left out here."));
            return report.Finish();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Decodes clips [start, start + count) and runs their blurry latents through the VAE decoder; returns the VAE's seconds.</summary>
    private static double DecodeBatch(DecoupledDecoder decoder, VaeDecoder vae, float[][] input, int start, int count)
    {
        var voxels = input.AsSpan(start, count).ToArray();
        var seeds = Enumerable.Range(start, count).Select(i => (long)i).ToList();
        var decoded = decoder.Decode(voxels, 0, seeds);
        var watch = Stopwatch.StartNew();
        var side = decoded[0].LatentSide;
        var latents = decoded.SelectMany(d => d.BlurryLatents).ToArray();
        var (images, _, _) = vae.Decode(latents, decoded.Count * Frames, side, side);
        var bytes = new byte[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            bytes[i] = (byte)Math.Round(images[i] * 255f, MidpointRounding.AwayFromZero);
        }

        GC.KeepAlive(bytes);
        return watch.Elapsed.TotalSeconds;
    }

    private static float[][] Voxels(int clips, int voxels)
    {
        var random = new Random(7);
        return Enumerable.Range(0, clips).Select(_ => Enumerable.Range(0, voxels).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray()).ToArray();
    }
}
