namespace Neurons.Testing.Onnx;

/// <summary>
/// The mini profile's SD VAE decoder for the <c>decode</c> stage (checked in under <c>stages/decode/fixtures</c>):
/// the real signature (<c>latent_sample</c> [batch,4,h,w] → <c>sample</c> [batch,3,8h,8w]) with weights that
/// invert the mini encoder's colour mixing, so decoding the mini targets' latents gives back each 8×8 block's
/// mean colour: <c>decode(encode(x)) = blockmean(x)</c>, and the blurry frames of a perfect decoder are the
/// clip's frames at 28×28 resolution.
/// </summary>
public static class DecodeFixtureModels
{
    /// <summary>The file name of the fixture decoder.</summary>
    public const string VaeDecoderFile = "vae_decoder.fixture.onnx";

    /// <summary>
    /// The decoder mixing [4,3] (latent channel × colour channel): the right pseudo-inverse Mᵀ(MMᵀ)⁻¹ of the
    /// mini encoder's mean mixing M [3,4] (<see cref="TargetFixtureModels.MiniVaeMeanMixing"/>), so M·P = I₃.
    /// </summary>
    public static float[] MiniVaeDecoderMixing()
    {
        var m = TargetFixtureModels.MiniVaeMeanMixing();
        var gram = new double[3, 3];
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                for (var k = 0; k < 4; k++)
                {
                    gram[a, b] += (double)m[(a * 4) + k] * m[(b * 4) + k];
                }
            }
        }

        var inverse = Invert3(gram);
        var p = new float[4 * 3];
        for (var k = 0; k < 4; k++)
        {
            for (var c = 0; c < 3; c++)
            {
                var sum = 0.0;
                for (var a = 0; a < 3; a++)
                {
                    sum += m[(a * 4) + k] * inverse[a, c];
                }

                p[(k * 3) + c] = (float)sum;
            }
        }

        return p;
    }

    /// <summary>Writes <c>vae_decoder.fixture.onnx</c> into <paramref name="directory"/>; the bytes are identical on every run.</summary>
    public static IReadOnlyList<string> WriteMiniSet(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, VaeDecoderFile);
        File.WriteAllBytes(path, TargetFixtureModels.VaeDecoder(MiniVaeDecoderMixing()));
        return [path];
    }

    private static double[,] Invert3(double[,] a)
    {
        var det = (a[0, 0] * ((a[1, 1] * a[2, 2]) - (a[1, 2] * a[2, 1])))
            - (a[0, 1] * ((a[1, 0] * a[2, 2]) - (a[1, 2] * a[2, 0])))
            + (a[0, 2] * ((a[1, 0] * a[2, 1]) - (a[1, 1] * a[2, 0])));
        if (Math.Abs(det) < 1e-12)
        {
            throw new InvalidOperationException("the mini encoder's colour mixing is singular");
        }

        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // Cofactor of a[j, i] (the adjugate is the transposed cofactor matrix).
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                r[i, j] = ((a[r0, c0] * a[r1, c1]) - (a[r0, c1] * a[r1, c0])) / det;
            }
        }

        return r;
    }
}
