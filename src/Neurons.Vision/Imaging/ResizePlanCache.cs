namespace Neurons.Vision.Imaging;

/// <summary>Keeps the last <see cref="ResizePlan"/> a wrapper used: frames of one run share a size, so the taps are computed once. Thread-safe.</summary>
internal sealed class ResizePlanCache
{
    private ResizePlan? last;

    /// <summary>Returns a bilinear plan for the sizes, reusing the last one when it fits.</summary>
    public ResizePlan Bilinear(int srcWidth, int srcHeight, int width, int height, int channels)
    {
        var plan = Volatile.Read(ref last);
        if (plan is null || !plan.Fits(srcWidth, srcHeight, width, height, channels, bicubic: false, alignCorners: false))
        {
            plan = ResizePlan.Bilinear(srcWidth, srcHeight, width, height, channels);
            Volatile.Write(ref last, plan);
        }

        return plan;
    }

    /// <summary>Returns a bicubic plan for the sizes, reusing the last one when it fits.</summary>
    public ResizePlan Bicubic(int srcWidth, int srcHeight, int width, int height, int channels, bool alignCorners)
    {
        var plan = Volatile.Read(ref last);
        if (plan is null || !plan.Fits(srcWidth, srcHeight, width, height, channels, bicubic: true, alignCorners))
        {
            plan = ResizePlan.BicubicOf(srcWidth, srcHeight, width, height, channels, alignCorners);
            Volatile.Write(ref last, plan);
        }

        return plan;
    }
}
