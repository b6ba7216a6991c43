namespace Neurons.Vision.Onnx;

/// <summary>
/// A wrapper's load-time check on its own, for <c>pipeline doctor</c>: the model is loaded, checked against the
/// wrapper's signature table (e.g. <c>GroundingDinoDetector.RequiredInputs</c>) exactly as the wrapper checks it, and
/// released; nothing is run.
/// </summary>
public static class OnnxSignatureCheck
{
    /// <summary>Loads <paramref name="path"/> and checks its named inputs and outputs.</summary>
    /// <exception cref="OnnxModelException">The file is missing, cannot be loaded, or a tensor is absent or mismatched (one line).</exception>
    public static void Check(string path, OnnxSessionOptions options, string modelName, IEnumerable<TensorSpec> inputs, IEnumerable<TensorSpec> outputs)
    {
        using var session = OnnxSessionFactory.Create(path, options, modelName);
        OnnxSignature.Verify(session, modelName, path, inputs, outputs);
    }
}
