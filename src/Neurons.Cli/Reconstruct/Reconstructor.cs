using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Export;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Generation.Output;
using Neurons.Generation.Pipeline;
using Neurons.Model.Attribution;
using Neurons.Model.Brain;
using Neurons.Model.Decoupled;
using Neurons.Model.Inference;
using Neurons.Stages.Decode;
using Neurons.Stages.Generate;
using Neurons.Vision.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Cli.Reconstruct;

/// <summary>
/// <c>pipeline reconstruct</c>: one fMRI sample through the same library code as the <c>decode</c> and
/// <c>generate</c> stages, with the workspace's trained model and the stages' configured parameters, into one
/// folder: blurry frames and video, masks, caption, concept scores, the decoded row, the generated video (when
/// generation models are configured), the ground truth (a known clip) and a one-page HTML view.
/// </summary>
internal sealed class Reconstructor
{
    /// <summary>The decoded row's file (the <c>decoded</c> table's schema).</summary>
    public const string DecodedRowFile = "decoded.parquet";

    /// <summary>The generated row's file (the <c>generated</c> table's schema).</summary>
    public const string GeneratedRowFile = "generated.parquet";

    /// <summary>The decoded sample's voxels (float32 [V]).</summary>
    public const string SampleFile = "fmri_sample.npy";

    private readonly string workspace;
    private readonly string datasetRoot;
    private readonly IReadOnlyDictionary<string, StageParameters> parameters;

    public Reconstructor(string workspace, string datasetRoot, IReadOnlyDictionary<string, StageParameters> parameters)
    {
        this.workspace = workspace;
        this.datasetRoot = datasetRoot;
        this.parameters = parameters;
    }

    /// <summary>Runs the request; returns the manifest (also written as <see cref="OutputFolder.ManifestName"/>).</summary>
    /// <exception cref="ReconstructInputException">The input is refused (one line).</exception>
    public async Task<JsonObject> RunAsync(ReconstructRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var decodeOptions = parameters["decode"].Bind<DecodeOptions>();
        var inputs = new ReconstructInputs(workspace);
        var modelPath = request.Weights is { } weights
            ? (File.Exists(weights) ? Path.GetFullPath(weights) : throw new ReconstructInputException($"--weights {weights}: no such file"))
            : inputs.ModelPath(request.Subject, decodeOptions);
        var sample = request.Cifti is { } cifti
            ? await inputs.CiftiAsync(request.Subject, cifti, request.Tr ?? throw new ReconstructInputException("--cifti needs --tr N"), cancellationToken).ConfigureAwait(false)
            : await inputs.ClipAsync(request.Subject, request.ClipId ?? throw new ReconstructInputException("give --clip CLIP_ID or --cifti RUN.dtseries.nii --tr N"), request.Repeat, cancellationToken).ConfigureAwait(false);
        using var folder = OutputFolder.Open(request.Output, request.Force);
        var concepts = await ConceptTexts.ReadAsync(inputs.ConceptsPath(), cancellationToken).ConfigureAwait(false);
        var seconds = new JsonObject { ["inputs"] = watch.Elapsed.TotalSeconds };

        var started = watch.Elapsed;
        var mask = await inputs.MaskAsync(request.Subject, cancellationToken).ConfigureAwait(false);
        var (row, contributions) = await Task.Run(() => Decode(modelPath, sample, concepts, decodeOptions, request.Subject), cancellationToken).ConfigureAwait(false);
        seconds["decode"] = (watch.Elapsed - started).TotalSeconds;

        var outputs = new JsonObject();
        started = watch.Elapsed;
        await DecodedClipFiles.WriteAsync(folder.Staging, row, cancellationToken).ConfigureAwait(false);
        var decodedNames = DecodedClipFiles.Names(row.Subject, row.ClipId);
        decodedNames.ToList().ForEach(n => folder.Stage(n));
        outputs["blurry_frames"] = Names(decodedNames.Where(n => n.Contains("_blurry_f", StringComparison.Ordinal)));
        outputs["masks"] = Names(decodedNames.Where(n => n.Contains("_mask_f", StringComparison.Ordinal)));
        outputs["blurry_video"] = decodedNames.Single(n => n.EndsWith("_blurry.mp4", StringComparison.Ordinal));
        await ParquetRows.WriteAsync(folder.Stage(DecodedRowFile), [row], cancellationToken).ConfigureAwait(false);
        outputs["decoded_row"] = DecodedRowFile;
        using (var npy = NpyWriter.CreateFloat32(folder.Stage(SampleFile), sample.Voxels.Length))
        {
            npy.Write(0, sample.Voxels);
        }

        outputs["fmri_sample"] = SampleFile;
        await File.WriteAllTextAsync(folder.Stage("caption.txt"), row.Caption + "\n", cancellationToken).ConfigureAwait(false);
        outputs["caption"] = "caption.txt";
        await File.WriteAllTextAsync(folder.Stage("concepts.json"), ConceptsJson(row, concepts.Names).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        outputs["concepts"] = "concepts.json";
        if (sample.KnownClip)
        {
            outputs["truth_frames"] = Names(await WriteTruthAsync(folder, sample.Clip, cancellationToken).ConfigureAwait(false));
        }

        var maps = ContributionTable.Of(contributions, mask);
        outputs["contribution_maps"] = maps;
        string? mapsSkipped = null;
        if (ReconstructInputs.BrainModels(datasetRoot, request.Subject, sample.Clip.Segment, request.Cifti, mask) is { } models)
        {
            ContributionTable.WriteMaps(folder, DecodedClipFiles.Prefix(row.Subject, row.ClipId), contributions, mask, models, maps);
        }
        else
        {
            mapsSkipped = $"no run of subject {request.Subject} with the mask's brain models under {datasetRoot} gives the grayordinate layout; the top vertices are in contribution_maps";
        }

        seconds["decode_files"] = (watch.Elapsed - started).TotalSeconds;
        started = watch.Elapsed;
        var generation = request.DecodeOnly
            ? new JsonObject { ["generated"] = false, ["reason"] = "--decode-only" }
            : await GenerateAsync(folder, row, sample, outputs, cancellationToken).ConfigureAwait(false);
        seconds["generate"] = (watch.Elapsed - started).TotalSeconds;

        var manifest = new JsonObject
        {
            ["subject"] = request.Subject,
            ["clip_id"] = row.ClipId,
            ["known_clip"] = sample.KnownClip,
            ["segment"] = row.Segment,
            ["source"] = sample.Source,
            ["repeats"] = sample.Repeats,
            ["voxels"] = sample.Voxels.Length,
            ["model"] = modelPath,
            ["model_sha256"] = Sha256(modelPath),
            ["seed"] = row.Seed,
            ["caption"] = row.Caption,
            ["top_concept"] = row.TopConcept,
            ["present_concepts"] = new JsonArray([.. row.PresentConcepts.Select(c => (JsonNode)c)]),
            ["generation"] = generation,
            ["contribution_maps_skipped"] = mapsSkipped,
            ["outputs"] = outputs,
        };
        outputs["page"] = "index.html";
        await File.WriteAllTextAsync(folder.Stage("index.html"), ReconstructPage.Html(manifest, row, concepts.Names), cancellationToken).ConfigureAwait(false);
        seconds["total"] = watch.Elapsed.TotalSeconds;
        manifest["seconds"] = seconds;
        manifest["directory"] = folder.Directory;
        manifest["files"] = Names(folder.Names.Append(OutputFolder.ManifestName));
        await File.WriteAllTextAsync(folder.Stage(OutputFolder.ManifestName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        folder.Commit();
        return manifest;
    }

    private static (DecodedRow Row, TaskContributions Contributions) Decode(string modelPath, ReconstructSample sample, ConceptTexts concepts, DecodeOptions options, int subject)
    {
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }

        var device = DecodeStage.ResolveDevice(options.Device);
        using var vae = DecodeStage.LoadVae(options);
        using var random = new RandomSource(options.Seed);
        NeuronsDecoupledModel model;
        try
        {
            model = NeuronsDecoupledModel.Load(modelPath, random);
        }
        catch (InvalidDataException e)
        {
            throw new ReconstructInputException($"{modelPath}: not a stage-2 model ({e.Message})", e);
        }

        using (model)
        {
            var voxels = model.Config.Brain.Voxels[0];
            if (voxels != sample.Voxels.Length)
            {
                throw new ReconstructInputException($"{modelPath}: the model takes {voxels} voxels, subject {subject}'s sample has {sample.Voxels.Length} (a model of another subject?)");
            }

            model.to(device);
            var tokenizer = DecodeStage.Tokenizer(model.Config.CaptionTokenizer, options);
            using var conceptTensor = tensor(concepts.Text, [concepts.Names.Count, concepts.Width]).to(device);
            var settings = new DecodeSettings { StopId = tokenizer.StopId, MaxCaptionTokens = options.MaxCaptionTokens, PerClip = options.PerClip, LatentSide = sample.Clip.Height / 8 };
            var seed = ClipSeed.Of(options.Seed, subject, sample.Clip.ClipId);
            var decoded = new DecoupledDecoder(model, conceptTensor, settings, device).Decode([sample.Voxels], 0, [seed]);
            var frames = DecodeStage.BlurryFrames(vae, decoded, sample.Clip);
            var contributions = new TaskAttribution(model, conceptTensor, settings, device).Attribute(sample.Voxels, 0, seed);
            return (DecodedRows.Create(sample.Clip, subject, sample.Clip.ClipId, sample.Repeats, decoded[0], frames[0], tokenizer, concepts.Names, model.Config), contributions);
        }
    }

    private async Task<JsonObject> GenerateAsync(OutputFolder folder, DecodedRow row, ReconstructSample sample, JsonObject outputs, CancellationToken cancellationToken)
    {
        var stageParameters = parameters["generate"];
        var problems = new GenerateStage().ValidateParameters(stageParameters);
        if (problems.Count > 0)
        {
            return new JsonObject { ["generated"] = false, ["reason"] = "generation models not configured: " + string.Join("; ", problems.Select(p => $"stages.generate.{p.Parameter}: {p.Message}")) };
        }

        var options = stageParameters.Bind<GenerateOptions>();
        var settings = GenerateStage.Settings(options);
        var sessionOptions = new OnnxSessionOptions
        {
            IntraOpThreads = options.OnnxThreads,
            Optimization = options.OnnxOptimization,
            ExecutionProvider = options.ExecutionProvider,
            DeviceId = options.DeviceId,
        };
        var seed = GenerationSeed.Of(options.SeedMode, options.Seed, row.Seed);
        var watch = Stopwatch.StartNew();
        var clip = await Task.Run(
            () =>
            {
                using var models = VideoModels.Load(GenerateStage.Paths(options), sessionOptions, settings.Keyframe, settings.Scaling, settings.UnclipScaling);
                var request = ClipRequest.FromDecoded(row.ClipId, row.Subject, row.Caption, row.DecodeBlurryFrames(), row.Width, row.DecodeMasks(), row.MaskSize, row.KeyframeTokens, seed);
                return new VideoGenerator(models, settings).Generate([request], cancellationToken)[0];
            },
            cancellationToken).ConfigureAwait(false);
        var name = DecodedClipFiles.Prefix(row.Subject, row.ClipId);
        var (video, gif) = await GeneratedClipFiles.WriteAsync(folder.Staging, name, clip, sample.KnownClip ? sample.Clip : null, options.Fps, options.Crf, cancellationToken).ConfigureAwait(false);
        folder.Stage(video);
        outputs["generated_video"] = video;
        if (gif.Length > 0)
        {
            folder.Stage(gif);
            outputs["comparison_gif"] = gif;
        }

        var keyframe = name + "_keyframe.png";
        await File.WriteAllBytesAsync(folder.Stage(keyframe), PngEncoder.Encode(clip.Size, clip.Size, 3, clip.Keyframe), cancellationToken).ConfigureAwait(false);
        outputs["keyframe"] = keyframe;
        var generated = new GeneratedRow
        {
            ClipId = row.ClipId,
            Split = row.Split,
            Segment = row.Segment,
            SplitIndex = row.SplitIndex,
            Subject = row.Subject,
            Seed = unchecked((long)seed),
            Prompt = clip.Prompt,
            KeyframeMode = options.Keyframe,
            Width = clip.Size,
            Height = clip.Size,
            Frames = TableImages.FromRgbFrames(clip.Frames, clip.Size, clip.Size),
            Keyframe = TableImages.FromRgb(clip.Keyframe, clip.Size, clip.Size),
            VideoFile = video,
            GifFile = gif,
            Seconds = watch.Elapsed.TotalSeconds,
        };
        await ParquetRows.WriteAsync(folder.Stage(GeneratedRowFile), [generated], cancellationToken).ConfigureAwait(false);
        outputs["generated_row"] = GeneratedRowFile;
        return new JsonObject
        {
            ["generated"] = true,
            ["prompt"] = clip.Prompt,
            ["seed"] = unchecked((long)seed),
            ["keyframe_mode"] = options.Keyframe,
            ["steps"] = settings.Steps,
            ["size"] = clip.Size,
        };
    }

    private static async Task<List<string>> WriteTruthAsync(OutputFolder folder, ClipRow clip, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        for (var f = 0; f < ClipRow.FrameCount; f++)
        {
            // The clips table holds the frames as PNGs already.
            var name = string.Create(CultureInfo.InvariantCulture, $"truth_f{f}.png");
            await File.WriteAllBytesAsync(folder.Stage(name), clip.Frames[f].Bytes, cancellationToken).ConfigureAwait(false);
            names.Add(name);
        }

        return names;
    }

    private static JsonObject ConceptsJson(DecodedRow row, IReadOnlyList<string> names) => new()
    {
        ["top_concept"] = row.TopConcept,
        ["present_concepts"] = new JsonArray([.. row.PresentConcepts.Select(c => (JsonNode)c)]),
        ["scores"] = new JsonObject(names.Select((n, i) => KeyValuePair.Create(n, (JsonNode?)row.ConceptScores[i]))),
    };

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode)n)]);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
