using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Losses;

public sealed class Stage2LossTests
{
    [Fact]
    public void Total_WeightsPriorBy30AndEachHeadByItsProgressiveWeight()
    {
        // Given distinct terms and weights
        using var loss = new Stage2Loss(
            Prior: tensor(0.1f, requires_grad: true),
            SoftClip: tensor(2f),
            TextNce: tensor(3f),
            Segmentation: tensor(0.5f),
            Classification: tensor(0.25f),
            Caption: tensor(4f),
            Reconstruction: tensor(0.125f));

        // When combined with [w_seg, w_cls, w_txt, w_rec] = [10, 7.36, 1, 2]
        using var total = loss.Total([10, 7.36, 1, 2]);

        // Then L = 30·0.1 + 2 + 3 + 10·0.5 + 7.36·0.25 + 1·4 + 2·0.125 = 19.09, and ∂L/∂prior = 30
        Assert.Equal(19.09, total.item<float>(), 4);
        total.backward();
        Assert.Equal(30f, loss.Prior.grad!.item<float>());
    }

    [Fact]
    public void Total_WrongWeightCount_Throws()
    {
        using var loss = new Stage2Loss(tensor(0f), tensor(0f), tensor(0f), tensor(0f), tensor(0f), tensor(0f), tensor(0f));
        Assert.Throws<ArgumentException>(() => loss.Total([1, 1, 1]));
    }
}
