using Neurons.Vision.Grounding;
using Neurons.Vision.Onnx;
using Neurons.Vision.Sam;

namespace Neurons.Stages.Segment;

/// <summary>The Grounded-SAM model files and session settings of a run, from the stage options (loaded once per run in setup).</summary>
internal sealed record GroundedSamKey(
    string GroundingDinoModel,
    string BertVocab,
    string SamEncoder,
    string SamDecoder,
    GroundingDinoOptions Grounding,
    SamOptions Sam,
    OnnxSessionOptions Session)
{
    public static GroundedSamKey From(SegmentOptions o) => new(
        o.GroundingDinoModel,
        o.BertVocab,
        o.SamEncoder,
        o.SamDecoder,
        new GroundingDinoOptions
        {
            BoxThreshold = (float)o.BoxThreshold,
            TextThreshold = (float)o.TextThreshold,
            ShortSide = o.ShortSide,
            MaxSize = o.MaxSize,
            FixedWidth = o.FixedWidth,
            FixedHeight = o.FixedHeight,
        },
        new SamOptions(),
        new OnnxSessionOptions
        {
            IntraOpThreads = o.OnnxThreads,
            Optimization = o.OnnxOptimization,
            ExecutionProvider = o.ExecutionProvider,
            DeviceId = o.DeviceId,
        });
}
