using Neurons.Annotation.Servers;
using Neurons.Annotation.Vlm;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;
using TorchSharp;

namespace Neurons.Stages.Readiness;

/// <summary>Builds the requirements stages declare: files with their wrappers' load-time checks, servers, tools, GPUs.</summary>
internal static class Needs
{
    /// <summary>
    /// Gets the session options models are checked with: one thread and no graph optimisation, since the check reads
    /// the signature and runs nothing (the execution provider is checked on its own, see <see cref="OnnxGpu"/>).
    /// </summary>
    public static OnnxSessionOptions CheckSession { get; } = new() { IntraOpThreads = 1, Optimization = "disabled" };

    /// <summary>A file named by a path parameter, when the parameter is set; <paramref name="check"/> verifies its content.</summary>
    public static IEnumerable<StageRequirement> File(StageParameters parameters, string parameter, string what, string recipe, Action<string>? check = null, string checkId = "")
    {
        var path = parameters.GetString(parameter);
        if (path.Length > 0)
        {
            yield return new FileRequirement(parameter, path, what, recipe) { Check = check, CheckId = checkId.Length > 0 ? checkId : what };
        }
    }

    /// <summary>An ONNX model checked by its wrapper's load (<paramref name="load"/> loads and disposes it).</summary>
    public static IEnumerable<StageRequirement> Onnx(StageParameters parameters, string parameter, string what, string recipe, Action<string, OnnxSessionOptions> load, string checkId = "") =>
        File(parameters, parameter, what, recipe, path => load(path, CheckSession), checkId.Length > 0 ? checkId : $"onnx:{what}");

    /// <summary>A folder named by a path parameter (prompts), when set; <paramref name="check"/> parses it.</summary>
    public static IEnumerable<StageRequirement> Folder(StageParameters parameters, string parameter, string what, string recipe, Action<string>? check = null)
    {
        var path = parameters.GetString(parameter);
        if (path.Length > 0)
        {
            yield return new FileRequirement(parameter, path, what, recipe) { IsDirectory = true, Check = check };
        }
    }

    /// <summary>A GPU and the GPU build of ONNX Runtime, when <c>execution_provider</c> is <c>cuda</c>.</summary>
    public static IEnumerable<StageRequirement> OnnxGpu(StageParameters parameters, string stage)
    {
        if (parameters.GetString("execution_provider") == "cuda")
        {
            var device = parameters.Names.Contains("device_id") ? (int)parameters.GetInt("device_id") : 0;
            yield return new GpuRequirement("execution_provider", Recipes.Gpu)
            {
                BuildCheck = () => OnnxSessionFactory.CheckOptions(new OnnxSessionOptions { ExecutionProvider = "cuda", DeviceId = device }, stage),
            };
        }
    }

    /// <summary>A GPU and the CUDA build of libtorch, when <c>device</c> is <c>cuda</c> (<c>auto</c> falls back to the CPU).</summary>
    public static IEnumerable<StageRequirement> TorchGpu(StageParameters parameters, string stage)
    {
        if (parameters.GetString("device") == "cuda")
        {
            yield return new GpuRequirement("device", Recipes.Gpu)
            {
                BuildCheck = () =>
                {
                    if (!torch.cuda.is_available())
                    {
                        throw new InvalidOperationException($"{stage}: device cuda is asked for but this build's libtorch sees no CUDA device (build with -p:Accelerator=cuda)");
                    }
                },
            };
        }
    }

    /// <summary>A VLM server serving the model (one request: Ollama <c>/api/tags</c>, OpenAI <c>/v1/models</c>).</summary>
    public static StageRequirement Vlm(StageParameters parameters)
    {
        var endpoint = new VlmEndpointOptions
        {
            Kind = parameters.GetString("provider"),
            Url = parameters.GetString("endpoint"),
            Model = parameters.GetString("model"),
            ApiKey = parameters.GetString("api_key_env") is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null,
        };
        return new EndpointRequirement("endpoint", endpoint.Url, endpoint.Model, Recipes.Vlm, (timeout, cancellationToken) => VlmServerProbe.CheckAsync(endpoint, timeout, cancellationToken));
    }

    /// <summary>A file's identity for the cache key of a check that depends on it (path, size, modification time).</summary>
    public static string Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing";
    }

    /// <summary>The CLIP tokenizer of a stage's <c>clip_vocab</c> and <c>clip_merges</c>, or null when it cannot be loaded (their own checks say why).</summary>
    public static ClipTokenizer? TryClipTokenizer(string vocab, string merges)
    {
        try
        {
            return ClipTokenizer.Load(vocab, merges);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The CLIP BPE vocabulary and merges: the vocabulary is checked by loading the tokenizer with both.</summary>
    public static IEnumerable<StageRequirement> ClipTokenizerFiles(StageParameters parameters, string recipe)
    {
        var merges = parameters.GetString("clip_merges");
        foreach (var need in File(parameters, "clip_vocab", "CLIP vocabulary", recipe, path => ClipTokenizer.Load(path, merges), $"clip-tokenizer|{Stamp(merges)}"))
        {
            yield return need;
        }

        foreach (var need in File(parameters, "clip_merges", "CLIP merges", recipe))
        {
            yield return need;
        }
    }

    /// <summary>ffmpeg on <c>PATH</c> (and ffprobe, when the stage probes movies).</summary>
    public static IEnumerable<StageRequirement> Ffmpeg(string parameter, bool probe = false)
    {
        yield return new ToolRequirement(parameter, "ffmpeg", Recipes.Ffmpeg);
        if (probe)
        {
            yield return new ToolRequirement(parameter, "ffprobe", Recipes.Ffmpeg);
        }
    }
}
