using Microsoft.ML.OnnxRuntime;

namespace Neurons.Bench.Vision;

/// <summary>A list of ONNX Runtime values disposed together.</summary>
internal sealed class OrtValueList : List<OrtValue>, IDisposable
{
    public void Dispose()
    {
        foreach (var value in this)
        {
            value.Dispose();
        }
    }
}
