using System.CommandLine;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;

namespace Neurons.Bench.Vision;

/// <summary>
/// Issue 8: frames/s of the targets stage's encoders (CLIP image tokens, CLIP text, VAE encoder) through their
/// wrappers against bare <see cref="InferenceSession"/> Run calls on the same mini fixture models with inputs
/// built once, in the same run. One call = one clip: 6 frames (or 6 texts) in one batch, as the stage does.
/// </summary>
internal static class TargetsOverheadBench
{
    private const int Batch = 6;
    private static readonly OnnxSessionOptions SingleThread = new() { IntraOpThreads = 1, InterOpThreads = 1 };

    public static BenchDefinition Definition()
    {
        var calls = new Option<int>("--calls") { Description = "Clips (6-frame batches) per timed round.", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of wrapper and bare Run (the median is kept).", DefaultValueFactory = _ => 5 };
        return new BenchDefinition(
            "targets-overhead",
            "CLIP image / CLIP text / VAE encoder wrappers vs bare InferenceSession.Run, frames/s (issue 8).",
            [calls, rounds],
            ["--calls", "5", "--rounds", "3"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(calls)), Math.Max(1, parse.GetValue(rounds)))));
    }

    private static BenchReport Run(int calls, int rounds)
    {
        var report = new BenchReport("targets-overhead", "target encoders: wrapper vs bare ONNX Runtime, mini fixture models, 224² frames, batches of 6, 1 thread");
        using var temp = new TempDirectory();
        TargetFixtureModels.WriteMiniSet(temp.Path);
        var imagePath = temp.File("clip_image.fixture.onnx");
        var textPath = temp.File("clip_text.fixture.onnx");
        var vaePath = temp.File("vae_encoder.fixture.onnx");
        var frames = Enumerable.Range(0, Batch)
            .Select(f => new RgbImage(224, 224, Enumerable.Range(0, 224 * 224 * 3).Select(i => (byte)(((i * 13) + (f * 41)) % 253)).ToArray()))
            .ToList();
        string[] texts = ["a man walking a dog on a beach", "a red car on a road", "two fish in blue water", "a bird in the sky", "a woman throwing a ball", "a dog"];

        using var image = ClipImageEncoder.Load(imagePath, new ClipImageOptions(), SingleThread);
        using var text = ClipTextEncoder.Load(textPath, ClipTokenizer.Load(temp.File("clip_vocab.fixture.json"), temp.File("clip_merges.fixture.txt")), SingleThread);
        using var vae = VaeEncoder.Load(vaePath, SingleThread);

        using var so = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var imageBare = new InferenceSession(imagePath, so);
        using var textBare = new InferenceSession(textPath, so);
        using var vaeBare = new InferenceSession(vaePath, so);
        using var run = new RunOptions();

        // The bare inputs are the wrappers' own preprocessing of the same frames and texts, computed once.
        var clipPixels = new float[Batch * 3 * 224 * 224];
        for (var f = 0; f < Batch; f++)
        {
            image.Preprocess(frames[f], clipPixels.AsSpan(f * 3 * 224 * 224, 3 * 224 * 224));
        }

        using var clipInput = OrtValue.CreateTensorValueFromMemory(clipPixels, [Batch, 3, 224, 224]);
        using var vaeInput = OrtValue.CreateTensorValueFromMemory(VaePixels(frames), [Batch, 3, 224, 224]);
        var ids = texts.SelectMany(text.Tokenizer.Encode).ToArray();
        using var textInput = OrtValue.CreateTensorValueFromMemory(ids, [Batch, text.Tokenizer.ContextLength]);

        void Loop(Action a)
        {
            for (var i = 0; i < calls; i++)
            {
                a();
            }
        }

        var t = Timing.Interleaved(
            rounds,
            1,
            () => Loop(() => image.Encode(frames)),
            () => Loop(() => Dispose(imageBare.Run(run, ["pixel_values"], [clipInput], ["image_tokens"]))),
            () => Loop(() => text.Encode(texts)),
            () => Loop(() => Dispose(textBare.Run(run, ["input_ids"], [textInput], ["text_embeds"]))),
            () => Loop(() => vae.Encode(frames)),
            () => Loop(() => Dispose(vaeBare.Run(run, ["sample"], [vaeInput], ["latent_parameters"]))));
        double Fps(double ms) => calls * Batch * 1000 / ms;

        report.Rows.Add(BenchRow.Throughput("CLIP image encoder wrapper", Fps(t[0]), "frames/s", "bare Run, pixels prebuilt", Fps(t[1]), "≥ 0.91 (overhead ≤ 10 %)"));
        report.Rows.Add(BenchRow.Throughput("CLIP text encoder wrapper", Fps(t[2]), "texts/s", "bare Run, ids prebuilt", Fps(t[3]), "≥ 0.91 (overhead ≤ 10 %)"));
        report.Rows.Add(BenchRow.Throughput("VAE encoder wrapper", Fps(t[4]), "frames/s", "bare Run, pixels prebuilt", Fps(t[5]), "≥ 0.91 (overhead ≤ 10 %)"));

        // The preprocessing steps the wrappers add (the old Vision.Tests PreprocessBench), per 224² frame.
        var frame = frames[0];
        var f32 = ImageOps.ToFloat(frame, 1f / 255f);
        var chw = new float[3 * 224 * 224];
        var steps = Timing.Interleaved(
            rounds,
            calls,
            () => ImageOps.ToFloat(frame, 1f / 255f),
            () => ImageOps.NormalizeToChw(f32, 224, 224, [0.48f, 0.46f, 0.41f], [0.27f, 0.26f, 0.28f], chw),
            () => ImageOps.ResizeBicubic(f32, 224, 224, 3, 224, 224, true),
            () => ImageOps.ResizeBilinear(f32, 224, 224, 3, 800, 800),
            () => ImageOps.ResizeBilinear(f32, 224, 224, 3, 1024, 1024),
            () => image.Preprocess(frame, chw));
        var clipBeyond = (t[0] / (calls * Batch)) - steps[5];
        report.Rows.Add(BenchRow.Throughput("CLIP image wrapper without its preprocessing (derived)", 1000 / clipBeyond, "frames/s", "bare Run, pixels prebuilt", Fps(t[1])));
        report.Rows.Add(BenchRow.Figure("preprocessing: ToFloat 224²", steps[0], "ms/frame"));
        report.Rows.Add(BenchRow.Figure("preprocessing: NormalizeToChw 224²", steps[1], "ms/frame"));
        report.Rows.Add(BenchRow.Figure("preprocessing: bicubic 224² → 224²", steps[2], "ms/frame"));
        report.Rows.Add(BenchRow.Figure("preprocessing: bilinear 224² → 800² (Grounding DINO)", steps[3], "ms/frame"));
        report.Rows.Add(BenchRow.Figure("preprocessing: bilinear 224² → 1024² (SAM)", steps[4], "ms/frame"));
        report.Rows.Add(BenchRow.Figure("preprocessing: CLIP image Preprocess (all steps)", steps[5], "ms/frame"));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{rounds} alternating rounds of {calls} calls × {Batch} frames or texts (median round); ONNX Runtime 1 intra-op thread."));
        report.Notes.Add("mini fixture encoders (16 tokens × 32, text 16, VAE 8×8 pooling): their compute is tiny, so the wrapper's preprocessing dominates the ratio; real OpenCLIP bigG / SD VAE Run times are orders of magnitude longer.");
        return report.Finish();
    }

    /// <summary>The VAE wrapper's input: RGB in [−1, 1], channels first.</summary>
    private static float[] VaePixels(IReadOnlyList<RgbImage> frames)
    {
        const int plane = 224 * 224;
        var data = new float[frames.Count * 3 * plane];
        for (var f = 0; f < frames.Count; f++)
        {
            var pixels = frames[f].Pixels.Span;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    data[(f * 3 * plane) + (c * plane) + p] = (2f * pixels[(p * 3) + c] / 255f) - 1f;
                }
            }
        }

        return data;
    }

    private static void Dispose(IDisposable results) => results.Dispose();
}
