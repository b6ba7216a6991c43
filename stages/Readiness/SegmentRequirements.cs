using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Vision.Grounding;
using Neurons.Vision.Onnx;
using Neurons.Vision.Sam;
using Neurons.Vision.Text;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>segment</c> with Grounded-SAM needs Grounding DINO and its BERT vocabulary, and SAM's encoder and decoder, each
/// checked as its wrapper checks it at load; with <c>execution_provider: cuda</c>, a GPU.
/// </summary>
internal sealed class SegmentRequirements : IStageRequirements
{
    public string Stage => "segment";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.GetString("provider") != "grounded-sam")
        {
            return [];
        }

        var decoder = parameters.GetString("sam_decoder");
        return
        [
            .. Needs.Onnx(parameters, "grounding_dino_model", "grounding-dino model", Recipes.GroundingDino, (path, session) =>
                OnnxSignatureCheck.Check(path, session, "grounding-dino", GroundingDinoDetector.RequiredInputs, GroundingDinoDetector.RequiredOutputs)),
            .. Needs.File(parameters, "bert_vocab", "BERT vocabulary", Recipes.GroundingDino, path => GroundingTokenizer.Load(path), "bert-vocab"),

            // The encoder's check (two preprocessing variants) is part of SamSegmenter.Load, which loads the decoder after it:
            // with a decoder that passes its own check, a failure is the encoder's.
            .. Needs.Onnx(parameters, "sam_encoder", "sam-encoder model", Recipes.Sam, (path, session) =>
            {
                if (Decodes(decoder, session))
                {
                    SamSegmenter.Load(path, decoder, new SamOptions(), session).Dispose();
                }
            }, $"onnx:sam-encoder|{Needs.Stamp(decoder)}"),
            .. Needs.Onnx(parameters, "sam_decoder", "sam-decoder model", Recipes.Sam, (path, session) =>
                OnnxSignatureCheck.Check(path, session, "sam-decoder", SamSegmenter.DecoderInputs, SamSegmenter.DecoderOutputSpecs)),
            .. Needs.OnnxGpu(parameters, Stage),
        ];
    }

    private static bool Decodes(string decoder, OnnxSessionOptions session)
    {
        try
        {
            OnnxSignatureCheck.Check(decoder, session, "sam-decoder", SamSegmenter.DecoderInputs, SamSegmenter.DecoderOutputSpecs);
            return true;
        }
        catch (OnnxModelException)
        {
            return false;
        }
    }
}
