using Neurons.Evaluation.Frames;

namespace Neurons.Testing.Evaluation;

/// <summary>
/// A straightforward SSIM written from the definition (a full weighted window per pixel): the oracle the
/// tests check the separable implementation against, and the baseline the SSIM benchmark compares with.
/// </summary>
public static class StraightforwardSsim
{
    public static double Compute(GrayImage x, GrayImage y, bool twoD)
    {
        var g = GaussianWindow.Create(1.5, 3.5);
        var r = g.Length / 2;
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double total = 0;
        var count = 0;
        for (var i = r; i < x.Height - r; i++)
        {
            for (var j = twoD ? r : 0; j < (twoD ? x.Width - r : x.Width); j++)
            {
                double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                for (var a = -r; a <= r; a++)
                {
                    for (var b = twoD ? -r : 0; b <= (twoD ? r : 0); b++)
                    {
                        var w = g[a + r] * (twoD ? g[b + r] : 1.0);
                        var ii = GaussianWindow.Reflect(i + a, x.Height);
                        var jj = GaussianWindow.Reflect(j + b, x.Width);
                        double px = x[ii, jj], py = y[ii, jj];
                        mx += w * px;
                        my += w * py;
                        mxx += w * px * px;
                        myy += w * py * py;
                        mxy += w * px * py;
                    }
                }

                var vx = mxx - (mx * mx);
                var vy = myy - (my * my);
                var vxy = mxy - (mx * my);
                total += ((2 * mx * my) + c1) * ((2 * vxy) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
                count++;
            }
        }

        return total / count;
    }
}
