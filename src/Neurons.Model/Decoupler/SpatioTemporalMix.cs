using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// The NEURONS decoder's attention step (video_decoder.py, AttnUpDecoderBlock2D and UNetMidBlock2D forward): spatial
/// self-attention over each frame, then temporal self-attention of that result over sequences of
/// <c>time</c> consecutive frames at each position, mixed as w·spatial + (1 − w)·temporal with the learnable w.
/// </summary>
internal static class SpatioTemporalMix
{
    /// <param name="hidden">Frames [G·time, C, H, W], grouped as G consecutive runs of <paramref name="time"/> frames.</param>
    /// <param name="spatial">The spatial attention.</param>
    /// <param name="temporal">The temporal attention.</param>
    /// <param name="weight">The mixing weight w [1].</param>
    /// <param name="time">Frames per temporal sequence (frames per clip, or the whole batch in the reference mode).</param>
    public static Tensor Apply(Tensor hidden, SelfAttention spatial, SelfAttention temporal, Tensor weight, long time)
    {
        using var scope = NewDisposeScope();
        var s = spatial.call(hidden);
        long frames = s.shape[0], c = s.shape[1], h = s.shape[2], w = s.shape[3];
        var groups = frames / time;

        // (g t) c h w → (g h w) t c, attend over t, then back to (g t) c h w.
        var sequences = s.reshape(groups, time, c, h, w).permute(0, 3, 4, 1, 2).reshape(groups * h * w, time, c);
        var t = temporal.call(sequences).reshape(groups, h, w, time, c).permute(0, 3, 4, 1, 2).reshape(frames, c, h, w);
        var mixed = s.mul(weight).add(t.mul(weight.neg().add(1)));
        return mixed.MoveToOuterDisposeScope();
    }
}
