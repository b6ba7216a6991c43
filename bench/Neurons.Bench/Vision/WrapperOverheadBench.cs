using System.CommandLine;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.GroundedSam;
using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Sam;

namespace Neurons.Bench.Vision;

/// <summary>
/// Issue 19 item 4: the Grounded-SAM wrapper (<see cref="GroundedSamSegmenter.SegmentMany"/>: pooled inputs, fused
/// separable preprocessing, frame i + 1 prepared during frame i's runs) against bare <see cref="InferenceSession"/>
/// Run calls with prebuilt inputs, and against the per-frame wrapper as it was before (per-pixel resizes, new arrays
/// and OrtValues per frame, the embedding copied out; emulated here step by step with the same sessions), on SAM image
/// encoders of growing width (random-weight ViTs at 1024², <see cref="VisionFixtureModels.SamEncoderVit"/>) with the
/// fixture Grounding DINO and SAM decoder, all in the same run, alternating.
/// </summary>
internal static class WrapperOverheadBench
{
    private static readonly float[] GdinoMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] GdinoStd = [0.229f, 0.224f, 0.225f];
    private static readonly float[] SamMean = [123.675f, 116.28f, 103.53f];
    private static readonly float[] SamStd = [58.395f, 57.12f, 57.375f];
    private static readonly string[] GdinoInputs = ["img", "input_ids", "attention_mask", "position_ids", "token_type_ids", "text_token_mask"];
    private static readonly string[] DecoderInputs = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"];

    public static BenchDefinition Definition()
    {
        var widths = new Option<string>("--widths") { Description = "SAM encoder ViT widths (one block each, heads = width / 64, at least 1).", DefaultValueFactory = _ => "16,64,192,384,768" };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds per width (the median is kept).", DefaultValueFactory = _ => 5 };
        var seconds = new Option<double>("--seconds") { Description = "Rough time of one side's round: frames per round = this ÷ one bare run (3 to 24 frames).", DefaultValueFactory = _ => 1.0 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads on every side.", DefaultValueFactory = _ => 1 };
        var vitB = new Option<bool>("--vit-b") { Description = "Also run the ViT-B-sized encoder (width 768, 12 blocks, 12 heads, SAM's 3×3 neck; ≈ 0.72 TFLOP a frame): 2 frames, 1 round, no 'before' side." };
        return new BenchDefinition(
            "wrapper-overhead",
            "Grounded-SAM wrapper (pipelined, pooled, separable resizes) vs bare Run and vs the former per-frame wrapper, SAM encoders of growing width at 1024² (issue 19).",
            [widths, rounds, seconds, threads, vitB],
            ["--widths", "16,128", "--rounds", "1", "--seconds", "0.3"],
            (parse, ct) => Task.FromResult(Run(
                parse.GetValue(widths)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList(),
                Math.Max(1, parse.GetValue(rounds)),
                Math.Max(0.05, parse.GetValue(seconds)),
                Math.Max(1, parse.GetValue(threads)),
                parse.GetValue(vitB),
                ct)));
    }

    private static BenchReport Run(IReadOnlyList<int> widths, int rounds, double seconds, int threads, bool vitB, CancellationToken cancellationToken)
    {
        var report = new BenchReport("wrapper-overhead", string.Create(CultureInfo.InvariantCulture, $"Grounded-SAM wrapper vs bare ONNX Runtime and vs the former wrapper, SAM ViT encoders at 1024², 224² frames, 2 objects, {threads} intra-op thread(s)"));
        using var temp = new TempDirectory();
        var vocab = TestVocabularies.WriteBert(temp.Path);
        var gdinoPath = Save(temp, "gdino.onnx", VisionFixtureModels.GroundingDino(
        [
            new(TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
            new(TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
        ]));
        var decoderPath = Save(temp, "sam_decoder.onnx", VisionFixtureModels.SamDecoder());
        var configs = widths.Select(w => (Width: w, Depth: 1, Heads: Math.Max(1, w / 64), FullNeck: false)).ToList();
        if (vitB)
        {
            configs.Add((768, 12, 12, true));
        }

        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"load average at start {Machine.LoadAverage():F1}; rounds alternate wrapper, bare, before (median of {rounds}); frames per round ≈ {seconds} s ÷ one bare run, 3–24; each side sees the same distinct 224² frames."));
        foreach (var (width, depth, heads, fullNeck) in configs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = string.Create(CultureInfo.InvariantCulture, $"sam_vit_{width}x{depth}.onnx");
            var encoderPath = Save(temp, name, VisionFixtureModels.SamEncoderVit(width, depth, heads, fullNeck));
            var big = depth > 1;
            MeasureWidth(report, gdinoPath, vocab, encoderPath, decoderPath, width, depth, fullNeck, big ? 1 : rounds, seconds, threads, big, withPreprocessingRows: report.Rows.Count == 0);
            File.Delete(encoderPath);
        }

        report.Notes.Add("'before' = the wrapper of main at b893598, emulated with the same sessions: per-pixel bilinear resizes (tests/Neurons.Testing/Vision/StraightforwardResize.cs, the former code), a new input array and OrtValues per frame, the SAM embedding copied to a managed array, a new 256² mask_input per decoder run, one frame at a time.");
        report.Notes.Add("GFLOP per encoder run is analytic (VisionFixtureModels.SamEncoderVitFlops); the ViT-B-sized point is the real SAM ViT-B's compute (real SAM ViT-H is ≈ 4× that).");
        return report.Finish();
    }

    private static void MeasureWidth(BenchReport report, string gdinoPath, string vocab, string encoderPath, string decoderPath, int width, int depth, bool fullNeck, int rounds, double seconds, int threads, bool skipBefore, bool withPreprocessingRows)
    {
        var sessionOptions = new OnnxSessionOptions { IntraOpThreads = threads, InterOpThreads = 1 };
        var detectorOptions = new GroundingDinoOptions { ShortSide = 224, MaxSize = 1333 };
        using var segmenter = new GroundedSamSegmenter(
            GroundingDinoDetector.Load(gdinoPath, vocab, detectorOptions, sessionOptions),
            SamSegmenter.Load(encoderPath, decoderPath, new SamOptions(), sessionOptions));
        var caption = segmenter.Caption(["dog", "ball"]);
        using var so = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var gdino = new InferenceSession(gdinoPath, so);
        using var encoder = new InferenceSession(encoderPath, so);
        using var decoder = new InferenceSession(decoderPath, so);
        using var run = new RunOptions();

        // Bare: every input built once from frame 0; the decoder gets the encoder's real output and the detected boxes.
        var first = Frame(0);
        var img = segmenter.Detector.Preprocess(first, out var gw, out var gh);
        var t = caption.Length;
        using var gInputs = new OrtValueList
        {
            OrtValue.CreateTensorValueFromMemory(img, [1, 3, gh, gw]),
            OrtValue.CreateTensorValueFromMemory(caption.InputIds, [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.AttentionMask(), [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.PositionIds, [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.TokenTypeIds(), [1, t]),
            OrtValue.CreateTensorValueFromMemory(caption.SelfAttentionMask, [1, t, t]),
        };
        var (encData, encShape) = segmenter.Sam.Preprocess(first);
        using var eInput = OrtValue.CreateTensorValueFromMemory(encData, encShape);
        var (_, _, scale) = SamSegmenter.ResizedSize(224, 224, 1024);
        using var boxValues = new OrtValueList();
        boxValues.AddRange(segmenter.Detector.Detect(first, caption).Select(d => OrtValue.CreateTensorValueFromMemory(SamSegmenter.BoxPrompt(d.Box, scale).Coords, [1, 2, 2])));
        using var fixedDecoderInputs = new OrtValueList
        {
            OrtValue.CreateTensorValueFromMemory(new float[] { 2, 3 }, [1, 2]),
            OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 0 }, [1]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 224, 224 }, [2]),
        };

        void BareFrame()
        {
            using (gdino.Run(run, GdinoInputs, gInputs, ["logits", "boxes"]))
            {
            }

            using var embedding = encoder.Run(run, ["input_image"], [eInput], ["image_embeddings"]);
            foreach (var box in boxValues)
            {
                using (decoder.Run(run, DecoderInputs, [embedding[0], box, .. fixedDecoderInputs], ["masks", "iou_predictions"]))
                {
                }
            }
        }

        // Frames per round from one warm bare run.
        BareFrame();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        BareFrame();
        var oneRun = clock.Elapsed.TotalSeconds;
        var count = skipBefore ? 2 : (int)Math.Clamp(Math.Ceiling(seconds / oneRun), 3, 24);
        var frames = Enumerable.Range(0, count).Select(Frame).ToList();
        var objects = 0;

        void Wrapper()
        {
            foreach (var found in segmenter.SegmentMany(frames, caption))
            {
                objects += found.Count;
            }
        }

        void Bare()
        {
            for (var i = 0; i < count; i++)
            {
                BareFrame();
            }
        }

        void Before()
        {
            foreach (var frame in frames)
            {
                objects += FormerSegment(frame, caption, segmenter.Detector, detectorOptions, gdino, encoder, decoder, run);
            }
        }

        var (times, cpu) = skipBefore ? WallAndCpu(rounds, Wrapper, Bare) : WallAndCpu(rounds, Wrapper, Bare, Before);
        var load = Machine.LoadAverage();
        var wrapperMs = times[0] / count;
        var bareMs = times[1] / count;
        var gflop = VisionFixtureModels.SamEncoderVitFlops(width, depth, fullNeck) / 1e9;
        var label = string.Create(CultureInfo.InvariantCulture, $"ViT width {width} × {depth} block{(depth > 1 ? "s" : string.Empty)}{(fullNeck ? " + 3×3 neck" : string.Empty)} ({gflop:F1} GFLOP)");
        report.Rows.Add(new BenchRow($"{label}: wrapper SegmentMany", 1000 / wrapperMs, "frames/s", "bare Run, inputs prebuilt", 1000 / bareMs, bareMs / wrapperMs, "≥ 0.95 once Run ≥ 100 ms", load));
        if (!skipBefore)
        {
            var beforeMs = times[2] / count;
            report.Rows.Add(new BenchRow($"{label}: former per-frame wrapper", 1000 / beforeMs, "frames/s", "bare Run, inputs prebuilt", 1000 / bareMs, bareMs / beforeMs, null, load));
            report.Rows.Add(new BenchRow($"{label}: former per-frame wrapper, process CPU time per frame", cpu[2] / count, "ms", "bare Run, CPU time", cpu[1] / count, cpu[1] / cpu[2], null, load));
        }

        report.Rows.Add(new BenchRow($"{label}: wrapper, process CPU time per frame", cpu[0] / count, "ms", "bare Run, CPU time", cpu[1] / count, cpu[1] / cpu[0], "≥ 0.95 once Run ≥ 100 ms", load));
        report.Rows.Add(new BenchRow($"{label}: bare Run per frame (Grounding DINO + encoder + 2 decoder runs)", bareMs, "ms", "encoder compute", gflop / (bareMs / 1000), null, null, load));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"width {width} × {depth}: {count} frames per round, {objects} objects segmented in all; bare Run {bareMs:F1} ms, wrapper {wrapperMs:F1} ms per frame; encoder ≈ {gflop / (bareMs / 1000):F1} GFLOP/s."));

        if (withPreprocessingRows)
        {
            PreprocessingRows(report, segmenter, rounds);
        }
    }

    /// <summary>
    /// Runs the actions in alternating rounds after a warm-up call each; returns per action the median wall time and the
    /// median process CPU time (all threads, so the wrapper's preparing thread counts) of a round, in ms. CPU time is far
    /// less sensitive than wall time to other processes on a loaded machine; it cannot show the overlap's gain.
    /// </summary>
    private static (double[] Wall, double[] Cpu) WallAndCpu(int rounds, params Action[] actions)
    {
        foreach (var action in actions)
        {
            action();
        }

        var wall = actions.Select(_ => new List<double>(rounds)).ToArray();
        var cpu = actions.Select(_ => new List<double>(rounds)).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var a = 0; a < actions.Length; a++)
            {
                var cpuBefore = CpuTime();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                actions[a]();
                wall[a].Add(clock.Elapsed.TotalMilliseconds);
                cpu[a].Add((CpuTime() - cpuBefore).TotalMilliseconds);
            }
        }

        return (wall.Select(Timing.Median).ToArray(), cpu.Select(Timing.Median).ToArray());
    }

    private static TimeSpan CpuTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The SAM preprocessing of one 224² frame to 1024², fused and pooled vs the former steps, alternating.</summary>
    private static void PreprocessingRows(BenchReport report, GroundedSamSegmenter segmenter, int rounds)
    {
        var frame = Frame(1);
        var steps = Timing.Interleaved(
            Math.Max(3, rounds),
            10,
            () => segmenter.Sam.ReleaseInput(segmenter.Sam.PrepareInput(frame)),
            () => FormerSamInput(frame),
            () => segmenter.Detector.ReleaseInput(segmenter.Detector.PrepareInput(frame)),
            () => FormerGdinoInput(frame, 224, 224));
        report.Rows.Add(BenchRow.Throughput("SAM preprocessing 224² → 1024² (fused separable resize + normalise into a pooled tensor)", 1000 / steps[0], "frames/s", "former: ToFloat, per-pixel resize, normalise + pad into new arrays", 1000 / steps[1]));
        report.Rows.Add(BenchRow.Figure("SAM preprocessing per frame, now / before", steps[0], string.Create(CultureInfo.InvariantCulture, $"ms (before {steps[1]:F2} ms)")));
        report.Rows.Add(BenchRow.Figure("Grounding DINO preprocessing per 224² frame, now / before", steps[2], string.Create(CultureInfo.InvariantCulture, $"ms (before {steps[3]:F2} ms)")));
    }

    /// <summary>One frame through the former wrapper's steps: returns the number of masks.</summary>
    private static int FormerSegment(RgbImage frame, Neurons.Vision.Text.GroundingCaption caption, GroundingDinoDetector detector, GroundingDinoOptions options, InferenceSession gdino, InferenceSession encoder, InferenceSession decoder, RunOptions run)
    {
        var (w, h) = detector.InputSize(frame.Width, frame.Height);
        var img = FormerGdinoInput(frame, w, h);
        var t = caption.Length;
        using var imgValue = OrtValue.CreateTensorValueFromMemory(img, [1, 3, h, w]);
        using var ids = OrtValue.CreateTensorValueFromMemory(caption.InputIds, [1, t]);
        using var attention = OrtValue.CreateTensorValueFromMemory(caption.AttentionMask(), [1, t]);
        using var positions = OrtValue.CreateTensorValueFromMemory(caption.PositionIds, [1, t]);
        using var types = OrtValue.CreateTensorValueFromMemory(caption.TokenTypeIds(), [1, t]);
        using var textMask = OrtValue.CreateTensorValueFromMemory(caption.SelfAttentionMask, [1, t, t]);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["img"] = imgValue,
            ["input_ids"] = ids,
            ["attention_mask"] = attention,
            ["position_ids"] = positions,
            ["token_type_ids"] = types,
            ["text_token_mask"] = textMask,
        };
        IReadOnlyList<GroundingDetection> detections;
        using (var outputs = gdino.Run(run, inputs, ["logits", "boxes"]))
        {
            var logitsShape = outputs[0].GetTensorTypeAndShape().Shape;
            var boxesShape = outputs[1].GetTensorTypeAndShape().Shape;
            detections = GroundingDinoDetector.Postprocess(outputs[0].GetTensorDataAsSpan<float>(), (int)logitsShape[1], (int)logitsShape[2], outputs[1].GetTensorDataAsSpan<float>(), (int)boxesShape[1], caption, frame.Width, frame.Height, options);
        }

        if (detections.Count == 0)
        {
            return 0;
        }

        var (data, shape) = FormerSamInput(frame);
        float[] embedding;
        long[] embeddingShape;
        using (var input = OrtValue.CreateTensorValueFromMemory(data, shape))
        using (var outputs = encoder.Run(run, ["input_image"], [input], ["image_embeddings"]))
        {
            embedding = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            embeddingShape = outputs[0].GetTensorTypeAndShape().Shape;
        }

        var (_, _, scale) = SamSegmenter.ResizedSize(frame.Width, frame.Height, 1024);
        var masks = 0;
        foreach (var d in detections)
        {
            var (coords, labels) = SamSegmenter.BoxPrompt(d.Box, scale);
            using var embeddings = OrtValue.CreateTensorValueFromMemory(embedding, embeddingShape);
            using var pointCoords = OrtValue.CreateTensorValueFromMemory(coords, [1, 2, 2]);
            using var pointLabels = OrtValue.CreateTensorValueFromMemory(labels, [1, 2]);
            using var maskInput = OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]);
            using var hasMask = OrtValue.CreateTensorValueFromMemory(new float[] { 0f }, [1]);
            using var size = OrtValue.CreateTensorValueFromMemory(new float[] { frame.Height, frame.Width }, [2]);
            var decoderInputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
            {
                ["image_embeddings"] = embeddings,
                ["point_coords"] = pointCoords,
                ["point_labels"] = pointLabels,
                ["mask_input"] = maskInput,
                ["has_mask_input"] = hasMask,
                ["orig_im_size"] = size,
            };
            using var outputs = decoder.Run(run, decoderInputs, ["masks", "iou_predictions"]);
            var mask = SamSegmenter.Threshold(outputs[0].GetTensorDataAsSpan<float>(), outputs[0].GetTensorTypeAndShape().Shape, outputs[1].GetTensorDataAsSpan<float>(), 0f);
            masks += mask.Area > 0 ? 1 : 0;
        }

        return masks;
    }

    private static float[] FormerGdinoInput(RgbImage frame, int w, int h)
    {
        var hwc = StraightforwardResize.ResizeBilinear(ImageOps.ToFloat(frame, 1f / 255f), frame.Width, frame.Height, 3, w, h);
        var chw = new float[3 * w * h];
        ImageOps.NormalizeToChw(hwc, w, h, GdinoMean, GdinoStd, chw);
        return chw;
    }

    private static (float[] Data, long[] Shape) FormerSamInput(RgbImage frame)
    {
        const int side = 1024;
        var (w, h, _) = SamSegmenter.ResizedSize(frame.Width, frame.Height, side);
        var resized = StraightforwardResize.ResizeBilinear(ImageOps.ToFloat(frame, 1f), frame.Width, frame.Height, 3, w, h);
        var data = new float[3 * side * side];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    data[(c * side * side) + (y * side) + x] = (resized[(((y * w) + x) * 3) + c] - SamMean[c]) / SamStd[c];
                }
            }
        }

        return (data, [1, 3, side, side]);
    }

    private static RgbImage Frame(int index) =>
        new(224, 224, Enumerable.Range(0, 224 * 224 * 3).Select(i => (byte)(((i * 7) + (index * 53)) % 251)).ToArray());

    private static string Save(TempDirectory temp, string name, byte[] model)
    {
        var path = temp.File(name);
        File.WriteAllBytes(path, model);
        return path;
    }
}
