namespace Neurons.Evaluation.Null;

/// <summary>Which way a metric improves: the side of the permutation null the one-sided p-value counts.</summary>
public enum MetricDirection
{
    /// <summary>Larger is better (SSIM, PSNR, N-way, Dice, recall, BLEU, CIDEr-D, verb accuracy): p counts null values ≥ the observed one.</summary>
    HigherIsBetter,

    /// <summary>Smaller is better (an error or a distance): p counts null values ≤ the observed one.</summary>
    LowerIsBetter,
}
