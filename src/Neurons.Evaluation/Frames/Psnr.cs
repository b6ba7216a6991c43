namespace Neurons.Evaluation.Frames;

/// <summary>
/// PSNR as <c>skimage.metrics.peak_signal_noise_ratio(true, test, data_range=255)</c>: MSE in float64
/// over every value of the uint8 RGB frames, 10·log10(range² / MSE). Identical frames give +∞;
/// <see cref="Cap"/> applies the project's documented cap before averaging.
/// </summary>
public static class Psnr
{
    /// <summary>The default cap in dB for identical frames (one differing byte in a 224² RGB frame gives 99.9 dB).</summary>
    public const double DefaultCapDb = 100.0;

    /// <summary>Computes PSNR of two equal-length uint8 buffers; +∞ when they are identical.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double Compute(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> test, double dataRange = 255.0)
    {
        if (truth.Length != test.Length || truth.Length == 0)
        {
            throw new ArgumentException($"PSNR needs two equal, non-empty buffers ({truth.Length} vs {test.Length} bytes)", nameof(test));
        }

        var sum = 0.0;
        for (var i = 0; i < truth.Length; i++)
        {
            double d = truth[i] - test[i];
            sum += d * d;
        }

        var mse = sum / truth.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>Limits a PSNR to <paramref name="capDb"/> (so +∞ does not poison a mean).</summary>
    public static double Cap(double psnr, double capDb = DefaultCapDb) => Math.Min(psnr, capDb);
}
