namespace Neurons.Evaluation.Frames;

/// <summary>scipy's normalised 1-D Gaussian kernel for <c>gaussian_filter(sigma, truncate)</c>.</summary>
public static class GaussianWindow
{
    /// <summary>Returns the kernel: radius int(truncate·σ + 0.5), weights exp(−x²/2σ²) normalised to sum 1.</summary>
    public static double[] Create(double sigma, double truncate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var radius = (int)((truncate * sigma) + 0.5);
        var kernel = new double[(2 * radius) + 1];
        var sum = 0.0;
        for (var i = 0; i < kernel.Length; i++)
        {
            var x = i - radius;
            kernel[i] = Math.Exp(-0.5 / (sigma * sigma) * x * x);
            sum += kernel[i];
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>scipy's <c>reflect</c> boundary (half-sample symmetric): x[−1] = x[0], x[n] = x[n−1].</summary>
    public static int Reflect(int index, int length)
    {
        if (index >= 0 && index < length)
        {
            return index;
        }

        var period = 2 * length;
        var m = ((index % period) + period) % period;
        return m < length ? m : period - 1 - m;
    }
}
