using System.Diagnostics;
using Neurons.Vision.Clip;
using Neurons.Vision.Imaging;
using Xunit.Abstractions;

namespace Neurons.Vision.Tests.Bench;

public sealed class PreprocessBench(ITestOutputHelper output)
{
    [BenchFact]
    public void Preprocess_Steps()
    {
        var frame = VisionFixture.Gray(224, 224, 77);
        void T(string name, Action a)
        {
            a();
            var w = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                a();
            }

            output.WriteLine($"{name}: {w.Elapsed.TotalMilliseconds / 20:F2} ms");
        }

        var f = ImageOps.ToFloat(frame, 1f / 255f);
        T("ToFloat", () => ImageOps.ToFloat(frame, 1f / 255f));
        T("Bilinear 224->800", () => ImageOps.ResizeBilinear(f, 224, 224, 3, 800, 800));
        T("Bilinear 224->1024", () => ImageOps.ResizeBilinear(f, 224, 224, 3, 1024, 1024));
        var chw = new float[3 * 224 * 224];
        T("NormalizeToChw 224", () => ImageOps.NormalizeToChw(f, 224, 224, [0.4f, 0.4f, 0.4f], [0.2f, 0.2f, 0.2f], chw));
        T("Bicubic same", () => ImageOps.ResizeBicubic(f, 224, 224, 3, 224, 224, true));
    }
}
