using System.Collections;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neurons.Data.Cc2017;
using Neurons.Data.Mini;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Profiling;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Stages.Registration;
using Neurons.Testing.Onnx;

namespace Neurons.Bench.Scale;

/// <summary>
/// Issue 19: the data-preparation half (slice, annotate, concepts, segment, keyobject, targets, fmri_mask, fmri) run by
/// the engine's DAG runner on the full-geometry synthetic dataset (every segment 240 TRs of 8-min 30-fps video, CIFTI
/// runs of 59,412 vertices), annotate against a loopback VLM at a realistic latency, segment and targets on the fixture
/// graphs. Reports per stage items, wall, busy, throughput and peak memory, the overlap of stages, and projects the real
/// run (18 + 5 segments, 3 subjects) linearly from the measured per-unit times plus the real models' GPU compute.
/// </summary>
internal static class DataPrepBench
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The stages of the data-preparation half, in DAG order.</summary>
    public static readonly string[] Stages = ["slice", "annotate", "concepts", "segment", "keyobject", "targets", "fmri_mask", "fmri"];

    public static BenchDefinition Definition()
    {
        var dataset = new Option<string?>("--dataset") { Description = "An existing dataset written by `pipeline mini` (default: generate one of the chosen size under --work and delete it afterwards)." };
        var work = new Option<string?>("--work") { Description = "Scratch folder for the generated dataset, fixtures and workspace (default: a new folder under the temp directory); deleted afterwards unless --keep." };
        var subjects = new Option<int>("--subjects") { Description = "Subjects to generate (the real data has 3).", DefaultValueFactory = _ => 1 };
        var train = new Option<int>("--train-segments") { Description = "Training segments (the real data has 18; fmri_mask's t-test needs at least 2).", DefaultValueFactory = _ => 2 };
        var test = new Option<int>("--test-segments") { Description = "Test segments (the real data has 5).", DefaultValueFactory = _ => 1 };
        var trs = new Option<int>("--trs") { Description = "TRs per segment (the real data has 240).", DefaultValueFactory = _ => 240 };
        var latency = new Option<int>("--latency-ms") { Description = "The loopback VLM's latency per request (Qwen2-VL-2B on an RTX 3080 Ti: ~0.78 s an image).", DefaultValueFactory = _ => 780 };
        var vlmParallel = new Option<int>("--vlm-parallel") { Description = "annotate's max_parallel (requests in flight to the VLM).", DefaultValueFactory = _ => 4 };
        var tflops = new Option<double>("--gpu-tflops") { Description = "Sustained TFLOP/s assumed for the real segment and targets models on one GPU (ONNX Runtime, fp32/TF32).", DefaultValueFactory = _ => 40.0 };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the table as a Markdown section to this file." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scratch folder." };
        return new BenchDefinition(
            "dataprep",
            "The data-preparation half on the full-geometry synthetic dataset: per stage items, wall, busy, throughput, peak RSS, overlap; projected to the real cc2017 run (issue 19).",
            [dataset, work, subjects, train, test, trs, latency, vlmParallel, tflops, markdown, keep],
            ["--trs", "12", "--latency-ms", "50"],
            (parse, ct) => RunAsync(
                new DataPrepSettings(
                    parse.GetValue(dataset),
                    parse.GetValue(work),
                    MiniOptions.FullGeometry with
                    {
                        Subjects = parse.GetValue(subjects),
                        TrainSegments = parse.GetValue(train),
                        TestSegments = parse.GetValue(test),
                        TrsPerSegment = parse.GetValue(trs),
                    },
                    Math.Max(0, parse.GetValue(latency)),
                    Math.Max(1, parse.GetValue(vlmParallel)),
                    parse.GetValue(tflops),
                    parse.GetValue(markdown),
                    parse.GetValue(keep),
                    string.Join(' ', parse.Tokens.Select(t => t.Value))),
                ct));
    }

    private static async Task<BenchReport> RunAsync(DataPrepSettings settings, CancellationToken cancellationToken)
    {
        var report = new BenchReport("dataprep", "data-preparation half on the full-geometry synthetic dataset");
        var scratch = settings.Work is null ? Directory.CreateTempSubdirectory("neurons-bench-scale-").FullName : Path.GetFullPath(settings.Work);
        Directory.CreateDirectory(scratch);
        try
        {
            // 1. The dataset: generated at the chosen size (every segment at full length and full vertex count), timed.
            var datasetRoot = settings.Dataset is null ? Path.Combine(scratch, "dataset") : Path.GetFullPath(settings.Dataset);
            var generateSeconds = double.NaN;
            if (settings.Dataset is null)
            {
                settings.Options.Validate();
                Console.Out.WriteLine($"generating {settings.Options.TrainSegments} train + {settings.Options.TestSegments} test segments of {settings.Options.TrsPerSegment} TRs, {settings.Options.Subjects} subject(s), {settings.Options.LeftVertices + settings.Options.RightVertices} vertices, {settings.Options.Width}x{settings.Options.Height} at {datasetRoot}...");
                var watch = Stopwatch.StartNew();
                await MiniDatasetGenerator.GenerateAsync(datasetRoot, settings.Options, cancellationToken).ConfigureAwait(false);
                generateSeconds = watch.Elapsed.TotalSeconds;
            }

            var options = ReadOptions(datasetRoot);
            var datasetBytes = Directory.EnumerateFiles(datasetRoot, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

            // 2. Fixture graphs and vocabularies (the tests' builders), the loopback VLM in a child process, the configuration.
            var gsam = Path.Combine(scratch, "fixtures", "grounded-sam");
            var targets = Path.Combine(scratch, "fixtures", "targets");
            VisionFixtureModels.WriteGroundedSamSet(gsam);
            TargetFixtureModels.WriteMiniSet(targets);
            using var vlm = await LoopbackVlmProcess.StartAsync(settings.LatencyMs, cancellationToken).ConfigureAwait(false);
            var workspace = Path.Combine(scratch, "workspace");
            var configFile = Path.Combine(scratch, "pipeline.yaml");
            await File.WriteAllTextAsync(configFile, Config(datasetRoot, workspace, gsam, targets, vlm.Url, settings.VlmParallel, options.TrsPerSegment), cancellationToken).ConfigureAwait(false);
            var config = PipelineConfigLoader.Load(configFile, "bench", new Hashtable());
            var catalog = StageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "stages"));
            var session = new PipelineSession(catalog, config, StageParameterResolver.Resolve(catalog, config), new Cc2017ShardCatalog().Discover(datasetRoot).Select(s => new Shard(s.Name, s.Split)).ToList());

            // 3. The run, as `pipeline run --stage ...` runs it, with every item's span and the memory recorded.
            var loadStart = Machine.LoadAverages();
            var cpuStart = SpanRecorder.CpuSeconds();
            var recorder = new SpanRecorder(TimeSpan.FromMilliseconds(100));
            await using (recorder.ConfigureAwait(false))
            {
                var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddNeuronsStages().BuildServiceProvider();
                await using (services.ConfigureAwait(false))
                {
                    var runner = new DagRunner(session, services.GetServices<IStage>(), services.GetRequiredService<ILoggerFactory>(), TimeProvider.System, recorder);
                    Console.Out.WriteLine($"running {string.Join(", ", Stages)} on {session.Shards.Count} shards (loopback VLM at {vlm.Url}, {settings.LatencyMs} ms, {settings.VlmParallel} in flight)...");
                    await runner.RunAsync(new RunRequest { Stages = Stages }, cancellationToken).ConfigureAwait(false);
                }
            }

            var cpuSeconds = SpanRecorder.CpuSeconds() - cpuStart;
            var loadEnd = Machine.LoadAverages();
            if (recorder.Failures.Count > 0)
            {
                throw new InvalidOperationException($"{recorder.Failures.Count} work item(s) did not succeed: " + string.Join("; ", recorder.Failures.Take(3).Select(f => $"{f.Item.Id} {f.Outcome}: {f.Message}")));
            }

            var measured = MeasuredUnits(options);
            var profile = RunProfiler.Summarise(recorder.Spans, recorder.Memory, measured);
            var table = new DataPrepTable(profile, Real(), settings.GpuTflops, GpuModelCost.DataPreparation)
            {
                Command = "dotnet run --project bench/Neurons.Bench -c Release -- " + settings.CommandLine,
                Options = options,
                GenerateSeconds = generateSeconds,
                DatasetBytes = datasetBytes,
                ProcessCpuSeconds = cpuSeconds,
                PeakResidentBytes = Machine.PeakResidentBytes(),
                LoadAtStart = loadStart,
                LoadAtEnd = loadEnd,
                LoadsDuring = recorder.Loads,
                LatencyMs = settings.LatencyMs,
                VlmParallel = settings.VlmParallel,
                KeptVertices = await KeptVerticesAsync(workspace, cancellationToken).ConfigureAwait(false),
            };
            var text = table.ToMarkdown();
            Console.Out.WriteLine(text);
            if (settings.Markdown is not null)
            {
                await File.WriteAllTextAsync(settings.Markdown, text, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(
                    Path.ChangeExtension(settings.Markdown, ".json"),
                    JsonSerializer.Serialize(new { profile, options, spans = recorder.Spans, loads = recorder.Loads, generate_seconds = double.IsNaN(generateSeconds) ? (double?)null : generateSeconds, dataset_bytes = datasetBytes, cpu_seconds = cpuSeconds }, Indented),
                    cancellationToken).ConfigureAwait(false);
            }

            foreach (var stage in profile.Stages)
            {
                report.Rows.Add(BenchRow.Figure($"{stage.Stage}: throughput ({stage.Items} items, {stage.Units:F0} {stage.Unit}, busy {stage.BusySeconds:F1} s, wall {stage.WallSeconds:F1} s)", stage.Throughput, $"{stage.Unit}/s"));
            }

            report.Rows.Add(BenchRow.Figure("end to end", profile.EndToEndSeconds, "s"));
            report.Rows.Add(BenchRow.Figure("overlap: end to end ÷ slowest stage's busy time", profile.Overlap, "×", "1 = every stage hidden behind the slowest"));
            report.Rows.Add(BenchRow.Figure("projected real run (3 subjects, 18 + 5 segments) on idle cores and one GPU, slowest stage × measured overlap", table.ProjectedAtMeasuredOverlap, "s"));
            return report.Finish();
        }
        finally
        {
            if (!settings.Keep)
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The units each stage's work covered in the measured run: clips for the clip stages, CIFTI runs for the fMRI ones.</summary>
    internal static Dictionary<string, (double Units, string Unit)> MeasuredUnits(MiniOptions options)
    {
        var clips = (double)options.TrsPerSegment * (options.TrainSegments + options.TestSegments);
        var units = Stages.ToDictionary(s => s, _ => (clips, "clips"), StringComparer.Ordinal);
        units["fmri_mask"] = (options.Subjects * 2.0 * options.TrainSegments, "training runs");
        units["fmri"] = (options.Subjects * ((2.0 * options.TrainSegments) + (10.0 * options.TestSegments)), "runs");
        return units;
    }

    /// <summary>The same units in the real cc2017 data: 5,520 clips, 108 training runs, 258 runs.</summary>
    internal static Dictionary<string, (double Units, string Unit)> Real() =>
        MeasuredUnits(MiniOptions.FullGeometry);

    private static MiniOptions ReadOptions(string root)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, MiniDatasetGenerator.ManifestName)));
        return document.RootElement.GetProperty("options").Deserialize<MiniOptions>()
            ?? throw new InvalidDataException($"{root}/{MiniDatasetGenerator.ManifestName}: no options");
    }

    /// <summary>The vertices fmri_mask kept per subject, read from its table in the workspace.</summary>
    private static async Task<string> KeptVerticesAsync(string workspace, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(workspace, "*.parquet", SearchOption.AllDirectories)
            .Where(f => f.Replace('\\', '/').Contains("/fmri_masks/", StringComparison.Ordinal))
            .ToList();
        var kept = new List<string>();
        foreach (var file in files)
        {
            var rows = await ParquetRows.ReadAsync<FmriMaskRow>(file, cancellationToken).ConfigureAwait(false);
            kept.AddRange(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"subject{r.Subject}: {r.V:N0} of {r.Tested:N0}")));
        }

        return kept.Count == 0 ? "n/a" : string.Join(", ", kept);
    }

    private static string Config(string dataset, string workspace, string gsam, string targets, string vlmUrl, int vlmParallel, int trs) =>
        $$"""
        # Written by `Neurons.Bench dataprep`.
        profile: bench
        run:
          max_parallel: 2
        profiles:
          bench:
            workspace: {{workspace}}
            dataset:
              path: {{dataset}}
            stages:
              slice:
                trs: {{trs}}
                resize: squash
              annotate:
                provider: ollama
                endpoint: {{vlmUrl}}
                model: qwen2.5vl:7b
                max_parallel: {{vlmParallel}}
              concepts:
                vlm_fallback: false
              segment:
                provider: grounded-sam
                grounding_dino_model: {{Path.Combine(gsam, "gdino.fixture.onnx")}}
                bert_vocab: {{Path.Combine(gsam, "vocab.txt")}}
                sam_encoder: {{Path.Combine(gsam, "sam_encoder.fixture.onnx")}}
                sam_decoder: {{Path.Combine(gsam, "sam_decoder.fixture.onnx")}}
              targets:
                clip_image_model: {{Path.Combine(targets, "clip_image.fixture.onnx")}}
                clip_text_model: {{Path.Combine(targets, "clip_text.fixture.onnx")}}
                clip_vocab: {{Path.Combine(targets, "clip_vocab.fixture.json")}}
                clip_merges: {{Path.Combine(targets, "clip_merges.fixture.txt")}}
                vae_encoder: {{Path.Combine(targets, "vae_encoder.fixture.onnx")}}
              fmri_mask:
                correction: none
                p_threshold: 0.05
                sidedness: greater
        """;
}
