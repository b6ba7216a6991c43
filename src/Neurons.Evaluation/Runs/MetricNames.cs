using Neurons.Evaluation.Null;

namespace Neurons.Evaluation.Runs;

/// <summary>The metric keys of the <c>metrics</c> table.</summary>
public static class MetricNames
{
    /// <summary>Frame SSIM (variants <c>reference</c>, <c>2d</c>).</summary>
    public const string Ssim = "ssim";

    /// <summary>Frame PSNR in dB (capped; variant empty).</summary>
    public const string Psnr = "psnr";

    /// <summary>Video N-way top-1 with VideoMAE (variant <c>n=N</c>).</summary>
    public const string VideoNWay = "video_nway";

    /// <summary>Frame N-way top-1 with ViT-B/16 (variant <c>n=N</c>).</summary>
    public const string FrameNWay = "frame_nway";

    /// <summary>CLIP-pcc (variants <c>all_pairs</c>, <c>adjacent</c>).</summary>
    public const string ClipPcc = "clip_pcc";

    /// <summary>Segmentation Dice (variants <c>authors</c>, <c>plain</c>).</summary>
    public const string Dice = "dice";

    /// <summary>Per-concept recall (variant = concept name).</summary>
    public const string ConceptRecall = "concept_recall";

    /// <summary>Corpus BLEU (variants <c>1</c>..<c>4</c>).</summary>
    public const string Bleu = "bleu";

    /// <summary>CIDEr-D (variant empty).</summary>
    public const string CiderD = "cider_d";

    /// <summary>Verb accuracy (variants <c>any</c>, <c>first</c>).</summary>
    public const string VerbAccuracy = "verb_accuracy";

    /// <summary>Returns which way a metric improves (every metric of the table: higher is better).</summary>
    /// <exception cref="ArgumentException">The metric is not one of the table's.</exception>
    public static MetricDirection DirectionOf(string metric) => metric switch
    {
        Ssim or Psnr or VideoNWay or FrameNWay or ClipPcc or Dice or ConceptRecall or Bleu or CiderD or VerbAccuracy => MetricDirection.HigherIsBetter,
        _ => throw new ArgumentException($"unknown metric '{metric}'", nameof(metric)),
    };
}
