using System.Collections.Concurrent;
using Neurons.Generation.Models;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.Readiness;

/// <summary>The widths of a UNet file (text width, skip layout), read once per file version, for the graphs checked against it.</summary>
internal static class VideoGraphDimsCache
{
    private static readonly ConcurrentDictionary<string, VideoGraphDims?> Known = new(StringComparer.Ordinal);

    /// <summary>Returns the UNet's widths, or null when it cannot be loaded (its own check says why).</summary>
    public static VideoGraphDims? Of(string unetPath, OnnxSessionOptions session) =>
        Known.GetOrAdd(Needs.Stamp(unetPath), _ =>
        {
            try
            {
                using var unet = MotionUnet.Load(unetPath, session);
                return unet.Dims;
            }
            catch (OnnxModelException)
            {
                return null;
            }
        });
}
