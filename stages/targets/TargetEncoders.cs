using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;

namespace Neurons.Stages.Targets;

/// <summary>The three encoders of one model configuration, loaded once and shared by work items.</summary>
internal sealed class TargetEncoders : IDisposable
{
    private TargetEncoders(ClipImageEncoder image, ClipTextEncoder text, VaeEncoder vae)
    {
        Image = image;
        Text = text;
        Vae = vae;
    }

    public ClipImageEncoder Image { get; }

    public ClipTextEncoder Text { get; }

    public VaeEncoder Vae { get; }

    public static TargetEncoders Load(TargetsOptions o)
    {
        var session = new OnnxSessionOptions
        {
            IntraOpThreads = o.OnnxThreads,
            Optimization = o.OnnxOptimization,
            ExecutionProvider = o.ExecutionProvider,
            DeviceId = o.DeviceId,
        };
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.Load(o.ClipVocab, o.ClipMerges);
        }
        catch (FileNotFoundException ex)
        {
            throw new OnnxModelException(ex.Message, ex);
        }

        var image = ClipImageEncoder.Load(
            o.ClipImageModel,
            new ClipImageOptions { InputName = o.ClipImageInput, TokensOutput = o.ClipImageOutput, UnitRangeShift = o.UnitRangeShift },
            session);
        ClipTextEncoder? text = null;
        try
        {
            text = ClipTextEncoder.Load(o.ClipTextModel, tokenizer, session, outputName: o.ClipTextOutput);
            return new TargetEncoders(image, text, Vision.Vae.VaeEncoder.Load(o.VaeEncoder, session, (float)o.VaeScaling));
        }
        catch
        {
            image.Dispose();
            text?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Image.Dispose();
        Text.Dispose();
        Vae.Dispose();
    }
}
