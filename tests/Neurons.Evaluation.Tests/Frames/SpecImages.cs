using Neurons.Evaluation.Frames;

namespace Neurons.Evaluation.Tests.Frames;

/// <summary>The inputs of the worked examples S2 and S3 (i = row, j = column); the tests hold their expected values.</summary>
internal static class SpecImages
{
    public static (GrayImage A, GrayImage B) S2()
    {
        const int h = 16, w = 12;
        var a = new double[h * w];
        var b = new double[h * w];
        for (var i = 0; i < h; i++)
        {
            for (var j = 0; j < w; j++)
            {
                var v = ((3 * i) + (5 * j)) % 16 / 15.0;
                a[(i * w) + j] = v;
                b[(i * w) + j] = Math.Clamp(v + (0.1 * ((i * j % 3) - 1)), 0, 1);
            }
        }

        return (new GrayImage(w, h, a), new GrayImage(w, h, b));
    }

    public static (byte[] P, byte[] Q) S3()
    {
        const int h = 16, w = 12;
        var p = new byte[h * w * 3];
        var q = new byte[h * w * 3];
        for (var i = 0; i < h; i++)
        {
            for (var j = 0; j < w; j++)
            {
                var k = ((i * w) + j) * 3;
                int[] rgb = [5 * ((7 * i) + (3 * j)) % 256, 7 * ((2 * i) + (9 * j)) % 256, 3 * i * j % 256];
                for (var c = 0; c < 3; c++)
                {
                    p[k + c] = (byte)rgb[c];
                    q[k + c] = (byte)Math.Clamp(rgb[c] + (10 * (((i + j) % 5) - 2)), 0, 255);
                }
            }
        }

        return (p, q);
    }
}
