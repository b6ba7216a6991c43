using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Text;

namespace Neurons.Vision.Grounding;

/// <summary>A caption's five text tensors for Grounding DINO, made once and reused for every frame of a clip.</summary>
internal sealed class CaptionInputs : IDisposable
{
    public CaptionInputs(GroundingCaption caption)
    {
        Caption = caption;
        var t = caption.Length;
        Ids = OrtValue.CreateTensorValueFromMemory(caption.InputIds, [1, t]);
        Attention = OrtValue.CreateTensorValueFromMemory(caption.AttentionMask(), [1, t]);
        Positions = OrtValue.CreateTensorValueFromMemory(caption.PositionIds, [1, t]);
        Types = OrtValue.CreateTensorValueFromMemory(caption.TokenTypeIds(), [1, t]);
        SelfAttention = OrtValue.CreateTensorValueFromMemory(caption.SelfAttentionMask, [1, t, t]);
    }

    public GroundingCaption Caption { get; }

    /// <summary>Gets <c>input_ids</c>.</summary>
    public OrtValue Ids { get; }

    /// <summary>Gets <c>attention_mask</c>.</summary>
    public OrtValue Attention { get; }

    /// <summary>Gets <c>position_ids</c>.</summary>
    public OrtValue Positions { get; }

    /// <summary>Gets <c>token_type_ids</c>.</summary>
    public OrtValue Types { get; }

    /// <summary>Gets <c>text_token_mask</c>.</summary>
    public OrtValue SelfAttention { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Ids.Dispose();
        Attention.Dispose();
        Positions.Dispose();
        Types.Dispose();
        SelfAttention.Dispose();
    }
}
