using Neurons.Model.Decoupler;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Decoupler;

public sealed class MotionProjectionTests
{
    [Fact]
    public void Forward_HandMadeWeight_PutsFeatureCTimesFramesPlusFAtFrameFChannelC()
    {
        // Given D = 2, 3 frames and a weight whose row j = c·3 + f reads input channel c times (f + 1), bias 100·j
        var config = new DecouplerConfig { Tokens = 4, Width = 2, TextWidth = 2, Frames = 3, ProjectorChannels = [2], DecoderChannels = [2], Groups = 1 };
        using var projection = new MotionProjection(config);
        var weight = new float[6 * 2];
        var bias = new float[6];
        for (var c = 0; c < 2; c++)
        {
            for (var f = 0; f < 3; f++)
            {
                var j = (c * 3) + f;
                weight[(j * 2) + c] = f + 1;
                bias[j] = 100 * j;
            }
        }

        using (no_grad())
        {
            var parameters = projection.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["motion_proj.weight"].copy_(tensor(weight).reshape(6, 2));
            parameters["motion_proj.bias"].copy_(tensor(bias));
        }

        // And one sample of 4 tokens with x[n, c] = 10·n + c
        using var x = arange(8, dtype: ScalarType.Float32).reshape(1, 4, 2);
        using var input = x.div(2).floor().mul(10).add(x.remainder(2));

        // When projected
        using var y = projection.call(input);

        // Then y[0, f, n, c] = (f + 1)·(10·n + c) + 100·(c·3 + f)
        Assert.Equal(new long[] { 1, 3, 4, 2 }, y.shape);
        for (var f = 0; f < 3; f++)
        {
            for (var n = 0; n < 4; n++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var expected = ((f + 1) * ((10 * n) + c)) + (100 * ((c * 3) + f));
                    Assert.Equal(expected, y[0, f, n, c].item<float>());
                }
            }
        }
    }

    [Fact]
    public void Forward_WrongWidth_ThrowsNamingExpectedShape()
    {
        using var projection = new MotionProjection(DecouplerConfig.Tiny(16, 32, 16));
        using var x = zeros(2, 16, 31);
        var ex = Assert.Throws<ArgumentException>(() => projection.call(x));
        Assert.Contains("[B, N, 32]", ex.Message, StringComparison.Ordinal);
    }
}
