using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>One loaded video graph: an ONNX Runtime session checked against its <see cref="GraphSignature"/>, run by name.</summary>
internal sealed class GraphSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();

    private GraphSession(InferenceSession session, GraphSignature signature, string path)
    {
        this.session = session;
        Signature = signature;
        Path = path;
        OutputNames = [.. signature.Outputs.Select(o => o.Name)];
    }

    public GraphSignature Signature { get; }

    public string Path { get; }

    public string[] OutputNames { get; }

    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => session.OutputMetadata;

    /// <summary>Loads <paramref name="path"/> (external-data files beside it are found by ONNX Runtime) and checks it.</summary>
    public static GraphSession Load(string path, OnnxSessionOptions options, Func<InferenceSession, GraphSignature> signature, string graph)
    {
        var session = OnnxSessionFactory.Create(path, options, graph);
        try
        {
            var expected = signature(session);
            OnnxSignature.Verify(session, expected.Graph, path, expected.Inputs, expected.Outputs);
            return new GraphSession(session, expected, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the graph with the named inputs; the caller disposes the returned outputs (in <see cref="OutputNames"/> order).</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values) =>
        session.Run(runOptions, names, values, OutputNames);

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}
