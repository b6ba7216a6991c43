namespace Neurons.Evaluation.Segmentation;

/// <summary>Dice coefficients of binary masks.</summary>
public static class Dice
{
    /// <summary>The smoothing term of NEURONS's <c>DiceLoss</c>.</summary>
    public const double Smooth = 1e-7;

    /// <summary>
    /// The authors' evaluation (<c>gen_decoupled_outputs.py</c> L484, <c>utils.DiceLoss</c>): the prediction,
    /// already binarised to {0, 1}, goes through a sigmoid again (p ∈ {0.5, 0.7311}); dice =
    /// (2Σ p·m + 1e-7) / (Σp + Σm + 1e-7) over all frames of the clip jointly. Identical masks do not give 1,
    /// and an empty ground truth gives about 1e-11.
    /// </summary>
    /// <exception cref="ArgumentException">The masks differ in length.</exception>
    public static double Authors(ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> truth)
    {
        CheckLengths(prediction, truth);
        var on = Sigmoid(1.0);
        var off = Sigmoid(0.0);
        double intersection = 0, sumP = 0, sumM = 0;
        for (var i = 0; i < prediction.Length; i++)
        {
            var p = prediction[i] ? on : off;
            var m = truth[i] ? 1.0 : 0.0;
            intersection += p * m;
            sumP += p;
            sumM += m;
        }

        return ((2 * intersection) + Smooth) / (sumP + sumM + Smooth);
    }

    /// <summary>Plain Dice 2|P∩M| / (|P| + |M|) over all frames of a clip; 1 when both masks are empty.</summary>
    /// <exception cref="ArgumentException">The masks differ in length.</exception>
    public static double Plain(ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> truth)
    {
        CheckLengths(prediction, truth);
        long both = 0, p = 0, m = 0;
        for (var i = 0; i < prediction.Length; i++)
        {
            both += prediction[i] && truth[i] ? 1 : 0;
            p += prediction[i] ? 1 : 0;
            m += truth[i] ? 1 : 0;
        }

        return p + m == 0 ? 1.0 : 2.0 * both / (p + m);
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static void CheckLengths(ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> truth)
    {
        if (prediction.Length != truth.Length)
        {
            throw new ArgumentException($"mask sizes differ: {prediction.Length} vs {truth.Length}", nameof(truth));
        }
    }
}
