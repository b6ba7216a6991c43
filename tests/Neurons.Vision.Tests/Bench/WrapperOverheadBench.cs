using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.GroundedSam;
using Neurons.Vision.Imaging;
using Neurons.Vision.Vae;
using Xunit.Abstractions;

namespace Neurons.Vision.Tests.Bench;

/// <summary>
/// Wrapper time per frame against bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// calls on the same fixture models and pre-built inputs, in the same process.
/// Run: NEURONS_BENCH=1 dotnet test tests/Neurons.Vision.Tests --filter FullyQualifiedName~Bench --logger "console;verbosity=detailed".
/// </summary>
public sealed class WrapperOverheadBench(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 40;
    private readonly VisionFixture fixture = new();

    [BenchFact]
    public void GroundedSam_PerFrame_WrapperVersusBareRun()
    {
        var queries = new List<GroundingFixtureQuery>
        {
            new(TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
            new(TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
        };
        using var segmenter = new GroundedSamSegmenter(fixture.Detector(queries), fixture.Sam());
        var caption = segmenter.Caption(["dog", "ball"]);
        var frame = VisionFixture.Gray(224, 224, 77);
        segmenter.Segment(frame, caption);

        var wrapper = Time(() => segmenter.Segment(frame, caption));
        var encoderRuns = segmenter.Sam.EncoderRuns;
        var decoderRuns = segmenter.Sam.DecoderRuns;

        // Bare: the same sessions' work with inputs built once, outside the timed loop.
        using var so = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var gdino = new InferenceSession(fixture.Temp.File("gdino.onnx"), so);
        using var encoder = new InferenceSession(fixture.Temp.File("sam_encoder_False.onnx"), so);
        using var decoder = new InferenceSession(fixture.Temp.File("sam_decoder.onnx"), so);
        using var run = new RunOptions();
        var img = segmenter.Detector.Preprocess(frame, out var w, out var h);
        var t = caption.Length;
        using var gInputs = new DisposableList
        {
            OrtValue.CreateTensorValueFromMemory(img, [1, 3, h, w]),
            OrtValue.CreateTensorValueFromMemory(caption.InputIds, [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.AttentionMask(), [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.PositionIds, [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.TokenTypeIds(), [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.SelfAttentionMask, [1, t, t]),
        };
        var (encData, encShape) = segmenter.Sam.Preprocess(frame);
        using var eInput = OrtValue.CreateTensorValueFromMemory(encData, encShape);
        using var embedding = OrtValue.CreateTensorValueFromMemory(new float[256 * 64 * 64], [1, 256, 64, 64]);
        using var dInputs = new DisposableList
        {
            embedding,
            OrtValue.CreateTensorValueFromMemory(new float[] { 384, 256, 640, 768 }, [1, 2, 2]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 2, 3 }, [1, 2]),
            OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 0 }, [1]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 224, 224 }, [2]),
        };
        string[] gNames = ["img", "input_ids", "attention_mask", "position_ids", "token_type_ids", "text_token_mask"];
        string[] dNames = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"];
        void Bare()
        {
            using (gdino.Run(run, gNames, gInputs, ["logits", "boxes"]))
            {
            }

            using (encoder.Run(run, ["input_image"], [eInput], ["image_embeddings"]))
            {
            }

            for (var o = 0; o < 2; o++)
            {
                using (decoder.Run(run, dNames, dInputs, ["masks", "iou_predictions"]))
                {
                }
            }
        }

        Bare();
        var bare = Time(Bare);
        output.WriteLine($"grounded-sam fixture, 224² frame, 2 objects: wrapper {wrapper:F2} ms/frame, bare Run {bare:F2} ms/frame, overhead {wrapper - bare:F2} ms ({(wrapper - bare) / bare:P0}); encoder runs {encoderRuns} for {Frames + 1} frames, decoder runs {decoderRuns}");
    }

    [BenchFact]
    public void TargetEncoders_FramesPerSecond_WrapperVersusBareRun()
    {
        var dir = fixture.Temp.File("mini");
        TargetFixtureModels.WriteMiniSet(dir);
        var frames = Enumerable.Range(0, 6).Select(i => VisionFixture.Gray(224, 224, (byte)(40 * i))).ToList();
        using var image = ClipImageEncoder.Load(Path.Combine(dir, "clip_image.fixture.onnx"), new ClipImageOptions(), VisionFixture.SingleThread);
        using var vae = VaeEncoder.Load(Path.Combine(dir, "vae_encoder.fixture.onnx"), VisionFixture.SingleThread);
        image.Encode(frames);
        vae.Encode(frames);
        var clipWrapper = Time(() => image.Encode(frames)) / 6;
        var vaeWrapper = Time(() => vae.Encode(frames)) / 6;

        using var so = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var clip = new InferenceSession(Path.Combine(dir, "clip_image.fixture.onnx"), so);
        using var vaeBare = new InferenceSession(Path.Combine(dir, "vae_encoder.fixture.onnx"), so);
        using var run = new RunOptions();
        using var pixels = OrtValue.CreateTensorValueFromMemory(new float[6 * 3 * 224 * 224], [6, 3, 224, 224]);
        void ClipBare()
        {
            using (clip.Run(run, ["pixel_values"], [pixels], ["image_tokens"]))
            {
            }
        }

        void VaeBare()
        {
            using (vaeBare.Run(run, ["sample"], [pixels], ["latent_parameters"]))
            {
            }
        }

        ClipBare();
        VaeBare();
        var clipBare = Time(ClipBare) / 6;
        var vaeBareMs = Time(VaeBare) / 6;
        output.WriteLine($"clip-image fixture: wrapper {1000 / clipWrapper:F0} frames/s, bare Run {1000 / clipBare:F0} frames/s ({clipWrapper:F3} vs {clipBare:F3} ms/frame)");
        output.WriteLine($"vae-encoder fixture: wrapper {1000 / vaeWrapper:F0} frames/s, bare Run {1000 / vaeBareMs:F0} frames/s ({vaeWrapper:F3} vs {vaeBareMs:F3} ms/frame)");
    }

    public void Dispose() => fixture.Dispose();

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Frames; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMilliseconds / Frames;
    }

    private sealed class DisposableList : List<OrtValue>, IDisposable
    {
        public void Dispose()
        {
            foreach (var v in this)
            {
                v.Dispose();
            }
        }
    }
}
