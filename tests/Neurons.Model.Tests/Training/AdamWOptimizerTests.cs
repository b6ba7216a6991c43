using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

public sealed class AdamWOptimizerTests
{
    [Fact]
    public void Step_MatchesTorchAdamWOverSeveralSteps()
    {
        // Given two identical linear layers, one under TorchSharp's AdamW, one under ours (wd 0.01)
        manual_seed(3);
        using var a = nn.Linear(5, 3);
        using var b = nn.Linear(5, 3);
        b.load_state_dict(a.state_dict());
        var reference = torch.optim.AdamW(a.parameters(), lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        using var ours = new AdamWOptimizer(b.named_parameters().Select(p => (p.name, p.parameter)), weightDecay: 0.01);
        using var x = randn(8, 5, generator: new Generator(1));

        // When both take four steps on the same loss
        for (var i = 0; i < 4; i++)
        {
            reference.zero_grad();
            using (var la = a.call(x).pow(2).mean())
            {
                la.backward();
            }

            reference.step();
            ours.ZeroGrad();
            using (var lb = b.call(x).pow(2).mean())
            {
                lb.backward();
            }

            ours.Step(0.01, 0.9);
        }

        // Then the weights agree to float precision and the step count is 4
        foreach (var ((_, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
        {
            Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-7));
        }

        Assert.Equal(4, ours.StepCount);
    }

    [Fact]
    public void Constructor_SkipsFrozenParameters()
    {
        // Given a layer whose bias is frozen
        using var layer = nn.Linear(2, 2);
        layer.bias!.requires_grad = false;

        // When an optimiser is built over its parameters
        using var opt = new AdamWOptimizer(layer.named_parameters().Select(p => (p.name, p.parameter)));

        // Then only the weight is optimised
        Assert.Equal(["weight"], opt.ParameterNames);
    }
}
