using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Neurons.Evaluation.Models;

/// <summary>
/// One ONNX Runtime session bound to a float input and a float output by <em>name</em>, with the
/// input's fixed dimensions checked against the expected signature when the file is opened.
/// </summary>
internal sealed class OnnxBinding : IDisposable
{
    private readonly InferenceSession session;

    private OnnxBinding(InferenceSession session, string path, string inputName, string outputName, long[] outputDims)
    {
        this.session = session;
        Path = path;
        InputName = inputName;
        OutputName = outputName;
        OutputDims = outputDims;
    }

    public string Path { get; }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>Gets the output's declared dimensions (−1 where dynamic).</summary>
    public long[] OutputDims { get; }

    /// <summary>Opens a model and checks its signature.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="inputName">The input to bind (e.g. <c>pixel_values</c>).</param>
    /// <param name="expectedInput">Expected input dims; −1 = any (the batch).</param>
    /// <param name="outputName">The output to read (e.g. <c>logits</c>).</param>
    /// <param name="outputRank">The expected output rank.</param>
    /// <param name="options">Session options, or null for the defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The signature does not match (the message names the file, the value and the dims).</exception>
    public static OnnxBinding Open(string path, string inputName, long[] expectedInput, string outputName, int outputRank, SessionOptions? options)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model not found: {path}", path);
        }

        var session = options is null ? new InferenceSession(path) : new InferenceSession(path, options);
        try
        {
            if (!session.InputMetadata.TryGetValue(inputName, out var input))
            {
                throw new InvalidDataException($"{path}: no input named '{inputName}' (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
            }

            if (!session.OutputMetadata.TryGetValue(outputName, out var output))
            {
                throw new InvalidDataException($"{path}: no output named '{outputName}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
            }

            if (input.ElementDataType != TensorElementType.Float || output.ElementDataType != TensorElementType.Float)
            {
                throw new InvalidDataException($"{path}: '{inputName}' and '{outputName}' must be float32 (found {input.ElementDataType} and {output.ElementDataType})");
            }

            var dims = input.Dimensions;
            var compatible = dims.Length == expectedInput.Length
                && dims.Zip(expectedInput).All(p => p.First <= 0 || p.Second < 0 || p.First == p.Second);
            if (!compatible)
            {
                throw new InvalidDataException($"{path}: input '{inputName}' has shape [{Format(dims)}], expected [{string.Join(", ", expectedInput.Select(d => d < 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
            }

            if (output.Dimensions.Length != outputRank)
            {
                throw new InvalidDataException($"{path}: output '{outputName}' has rank {output.Dimensions.Length}, expected {outputRank}");
            }

            return new OnnxBinding(session, path, inputName, outputName, output.Dimensions.Select(d => (long)d).ToArray());
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model on one input tensor and returns the output values and shape.</summary>
    public (float[] Values, long[] Shape) Run(float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [InputName], [value], [OutputName]);
        var output = results[0];
        var outShape = output.GetTensorTypeAndShape().Shape;
        return (output.GetTensorDataAsSpan<float>().ToArray(), outShape);
    }

    /// <summary>
    /// Fills one input of <paramref name="batch"/> items of shape <paramref name="itemShape"/>, runs the model and
    /// returns one output row per item.
    /// </summary>
    /// <exception cref="InvalidDataException">The output's leading dimension is not the batch size.</exception>
    public float[][] RunBatch(int batch, long[] itemShape, Action<int, Span<float>> fill)
    {
        var perItem = (int)itemShape.Aggregate(1L, (a, b) => a * b);
        var input = new float[batch * perItem];
        for (var i = 0; i < batch; i++)
        {
            fill(i, input.AsSpan(i * perItem, perItem));
        }

        var (values, shape) = Run(input, [batch, .. itemShape]);
        if (shape.Length == 0 || shape[0] != batch || values.Length % batch != 0)
        {
            throw new InvalidDataException($"{Path}: output '{OutputName}' has shape [{string.Join(", ", shape)}] for a batch of {batch}");
        }

        var row = values.Length / batch;
        return Enumerable.Range(0, batch).Select(i => values.AsSpan(i * row, row).ToArray()).ToArray();
    }

    public void Dispose() => session.Dispose();

    private static string Format(int[] dims) =>
        string.Join(", ", dims.Select(d => d <= 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
