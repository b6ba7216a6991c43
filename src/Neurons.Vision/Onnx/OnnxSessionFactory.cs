using Microsoft.ML.OnnxRuntime;

namespace Neurons.Vision.Onnx;

/// <summary>Creates ONNX Runtime sessions from <see cref="OnnxSessionOptions"/>, turning load failures into one-line <see cref="OnnxModelException"/>s.</summary>
public static class OnnxSessionFactory
{
    /// <summary>Creates a session for the model file at <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.onnx</c> file (external weight files beside it are found by ONNX Runtime).</param>
    /// <param name="options">Threads, optimisation level and execution provider.</param>
    /// <param name="modelName">What the model is for, used in error messages (e.g. <c>grounding-dino</c>).</param>
    /// <exception cref="OnnxModelException">The file is missing, cannot be loaded, or the provider is unavailable.</exception>
    public static InferenceSession Create(string path, OnnxSessionOptions options, string modelName)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"{modelName} model file not found: {path}");
        }

        using var sessionOptions = CreateSessionOptions(options, modelName);
        try
        {
            return new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxModelException($"{modelName} model '{path}' cannot be loaded: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>Creates a session from model bytes (fixture models built in memory).</summary>
    public static InferenceSession Create(byte[] model, OnnxSessionOptions options, string modelName)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var sessionOptions = CreateSessionOptions(options, modelName);
        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxModelException($"{modelName} model cannot be loaded: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Checks that the options can create sessions in this build (the optimisation level is known, the execution provider
    /// is available: <c>cuda</c> needs the GPU build) without loading a model.
    /// </summary>
    /// <exception cref="OnnxModelException">The provider is unavailable or an option is unknown.</exception>
    public static void CheckOptions(OnnxSessionOptions options, string modelName)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var sessionOptions = CreateSessionOptions(options, modelName);
    }

    /// <summary>Maps the options to ONNX Runtime's <see cref="SessionOptions"/>.</summary>
    internal static SessionOptions CreateSessionOptions(OnnxSessionOptions options, string modelName)
    {
        var level = options.Optimization.ToLowerInvariant() switch
        {
            "disabled" or "none" => GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
            _ => throw new OnnxModelException($"onnx optimization '{options.Optimization}' is not one of disabled, basic, extended, all"),
        };
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = level,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
            InterOpNumThreads = Math.Max(0, options.InterOpThreads),
        };
        try
        {
            switch (options.ExecutionProvider.ToLowerInvariant())
            {
                case "cpu":
                    break;
                case "cuda":
                    sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
                    break;
                default:
                    throw new OnnxModelException($"onnx execution_provider '{options.ExecutionProvider}' is not one of cpu, cuda");
            }
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            sessionOptions.Dispose();
            throw new OnnxModelException(
                $"{modelName}: execution provider '{options.ExecutionProvider}' is not available in this build (build with -p:Accelerator=cuda for CUDA): {FirstLine(ex.Message)}", ex);
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }

        return sessionOptions;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] : line;
    }
}
