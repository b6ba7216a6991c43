namespace Neurons.Evaluation.Models;

/// <summary>The input preprocessing of the three evaluation models (docs/evaluation.md § Classifiers).</summary>
public static class Preprocessing
{
    /// <summary>The model input side.</summary>
    public const int Size = 224;

    /// <summary>ImageNet mean (VideoMAE).</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet std (VideoMAE).</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>OpenAI CLIP mean.</summary>
    public static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>OpenAI CLIP std.</summary>
    public static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>ViT-B/16 (google/vit-base-patch16-224) mean and std.</summary>
    public static readonly float[] Half = [0.5f, 0.5f, 0.5f];

    /// <summary>
    /// VideoMAE: each frame resized with shortest edge 224 (PIL bilinear), centre-cropped to 224, /255,
    /// ImageNet mean/std; written into <paramref name="destination"/> as [T, 3, 224, 224].
    /// </summary>
    public static void VideoMae(IReadOnlyList<RgbFrame> frames, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var plane = 3 * Size * Size;
        for (var t = 0; t < frames.Count; t++)
        {
            var (w, h) = PilResize.ShortestEdgeSize(frames[t].Width, frames[t].Height, Size);
            var resized = PilResize.CenterCrop(PilResize.Resize(frames[t], w, h, ResampleFilter.Bilinear), Size);
            ToChw(resized, ImageNetMean, ImageNetStd, destination.Slice(t * plane, plane));
        }
    }

    /// <summary>ViT-B/16: resized straight to 224×224 (PIL bilinear), /255, mean/std 0.5; [3, 224, 224].</summary>
    public static void Vit(RgbFrame frame, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ToChw(PilResize.Resize(frame, Size, Size, ResampleFilter.Bilinear), Half, Half, destination);
    }

    /// <summary>CLIP ViT-L/14: shortest edge 224 (PIL bicubic), centre crop 224, /255, CLIP mean/std; [3, 224, 224].</summary>
    public static void Clip(RgbFrame frame, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (w, h) = PilResize.ShortestEdgeSize(frame.Width, frame.Height, Size);
        ToChw(PilResize.CenterCrop(PilResize.Resize(frame, w, h, ResampleFilter.Bicubic), Size), ClipMean, ClipStd, destination);
    }

    /// <summary>Writes (x/255 − mean)/std in channel-first order.</summary>
    /// <exception cref="ArgumentException">The destination is not 3 × width × height.</exception>
    public static void ToChw(RgbFrame frame, float[] mean, float[] std, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        var n = frame.Width * frame.Height;
        if (destination.Length != 3 * n)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {3 * n} needed", nameof(destination));
        }

        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < n; i++)
            {
                destination[(c * n) + i] = ((frame.Pixels[(3 * i) + c] / 255f) - mean[c]) / std[c];
            }
        }
    }
}
