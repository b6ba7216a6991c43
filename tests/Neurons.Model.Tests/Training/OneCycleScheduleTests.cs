using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

public sealed class OneCycleScheduleTests
{
    [Fact]
    public void At_KnownSteps_GivesTorchOneCycleValues()
    {
        // Given max lr 1 over 100 steps with 30 % warm-up (phase 1 ends at step 29)
        var s = new OneCycleSchedule(1.0, 100, 0.3);

        // When / Then: start at max/25 with β1 0.95, peak at step 29 with β1 0.85, end at max/25/1000 with β1 0.95
        Assert.Equal((0.04, 0.95), Round(s.At(0)));
        Assert.Equal((1.0, 0.85), Round(s.At(29)));
        Assert.Equal((0.50002, 0.9), Round(s.At(64)));
        Assert.Equal((0.00004, 0.95), Round(s.At(99)));
    }

    [Fact]
    public void At_NeuronsStage1_WarmsUpFor72Steps()
    {
        // Given the reference stage 1: 30 epochs × 36 iterations, pct_start 2/30, max lr 5e-5
        var s = new OneCycleSchedule(5e-5, 1080, 2.0 / 30);

        // When / Then: the peak is at step 71 (= 72 warm-up steps)
        Assert.Equal(5e-5, s.At(71).Lr, 12);
        Assert.True(s.At(70).Lr < 5e-5);
        Assert.True(s.At(72).Lr < 5e-5);
    }

    [Fact]
    public void At_EveryStep_LearningRateMatchesTorchSharpOneCycleLr()
    {
        // Given TorchSharp's OneCycleLR on an Adam optimiser with the same settings
        using var p = new TorchSharp.Modules.Parameter(zeros(1));
        var adam = torch.optim.Adam([p], lr: 0.1);
        var torchSchedule = torch.optim.lr_scheduler.OneCycleLR(adam, max_lr: 0.01, total_steps: 40, pct_start: 0.2, final_div_factor: 1000);
        var ours = new OneCycleSchedule(0.01, 40, 0.2);

        // When both are stepped through the cycle (TorchSharp 0.107 leaves Adam's β1 alone; the β1 cycle is checked
        // against PyTorch's values in At_KnownSteps_GivesTorchOneCycleValues)
        for (var step = 0; step < 40; step++)
        {
            var (lr, beta1) = ours.At(step);

            // Then the learning rates agree at every step
            Assert.True(Math.Abs(adam.ParamGroups.First().LearningRate - lr) < 1e-12, $"step {step}: torch {adam.ParamGroups.First().LearningRate}, ours {lr} (β1 {beta1})");
            adam.step();
            torchSchedule.step();
        }
    }

    private static (double, double) Round((double Lr, double Beta1) v) => (Math.Round(v.Lr, 6), Math.Round(v.Beta1, 6));
}
