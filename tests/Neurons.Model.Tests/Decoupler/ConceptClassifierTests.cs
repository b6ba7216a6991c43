using Neurons.Model.Decoupler;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Decoupler;

public sealed class ConceptClassifierTests
{
    [Fact]
    public void Forward_IsTwoLinearLayersWithoutNonlinearity()
    {
        // Given D = 2 → T = 2 → 3 concepts with hand-set weights
        var config = new DecouplerConfig { Tokens = 4, Width = 2, TextWidth = 2, Concepts = 3, ProjectorChannels = [2], DecoderChannels = [2], Groups = 1 };
        using var classifier = new ConceptClassifier(config);
        using (no_grad())
        {
            var p = classifier.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            p["vision_proj_channel.weight"].copy_(tensor(new float[] { 1, -1, 2, 0 }).reshape(2, 2));
            p["vision_proj_channel.bias"].copy_(tensor(new float[] { 0.5f, -3 }));
            p["classifier.weight"].copy_(tensor(new float[] { 1, 0, 0, 1, 1, 1 }).reshape(3, 2));
            p["classifier.bias"].copy_(tensor(new float[] { 0, 1, -1 }));
        }

        // When applied to x = [2, 5]
        using var x = tensor(new float[] { 2, 5 }).reshape(1, 2);
        using var logits = classifier.call(x);

        // Then hidden = [2 − 5 + 0.5, 4 − 3] = [−2.5, 1] (no ReLU), logits = [−2.5, 2, −2.5]
        Assert.Equal(new float[] { -2.5f, 2f, -2.5f }, logits.data<float>().ToArray());
    }
}
