using Neurons.Model.Attribution;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.Inference;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Attribution;

public sealed class TaskAttributionTests : IDisposable
{
    private const int Voxels = 40;
    private readonly NeuronsDecoupledModel model;
    private readonly Tensor conceptText;

    public TaskAttributionTests()
    {
        // A tiny model with random weights (the text projection too, which a fresh model leaves at zero): 16 tokens
        // × 32, text 16, a 300-token GPT-2, one prior step: a chain of random-weight DDPM steps is so far from linear that a float32
        // central difference needs h below 1e-3 to reach the gradient (10 steps: 0.03, 0.29, 0.50, 0.549 for h = 0.1,
        // 0.02, 0.005, 0.001 against a gradient × input of 0.550), where rounding takes over.
        var brain = BrainModelConfig.Tiny([Voxels], 16, 32, 16) with { Hidden = 32, Blocks = 1 };
        var config = DecoupledModelConfig.Tiny(brain, CaptionTokenizerKind.Gpt2, DecouplerAttention.PerClipResidual) with { Gpt2 = Gpt2Config.Tiny(300, 64) };
        config = config with { Prior = config.Prior with { Timesteps = 1 } };
        using var random = new RandomSource(11);
        manual_seed(5);
        model = new NeuronsDecoupledModel(config, random);
        using (no_grad())
        {
            var proj = model.named_parameters().Single(p => p.name == "clipproj.proj").parameter;
            using var init = randn(proj.shape).mul(0.3);
            proj.copy_(init);

            // Mask logits far from 0: the blurry latents are the reconstruction times m′, a threshold of the masks,
            // and a central difference across a flipped mask pixel would be no derivative.
            model.named_parameters().Single(p => p.name == "text_seg_dec.seg_head.bias").parameter.fill_(2.0);
        }
        var values = new float[51 * 16];
        var r = new Random(3);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((r.NextDouble() * 2) - 1);
        }

        conceptText = tensor(values, [51, 16]);
    }

    public void Dispose()
    {
        model.Dispose();
        conceptText.Dispose();
    }

    private static DecodeSettings Settings => new() { StopId = 299, MaxCaptionTokens = 5 };

    private static float[] Voxel(int clip) => Enumerable.Range(0, Voxels).Select(v => (float)Math.Sin((clip * 7.1) + (v * 0.37))).ToArray();

    [Fact]
    public void Attribute_SameSeed_PicksTheDecodersTopConceptAndCaption()
    {
        // Given one clip and its seed
        var voxels = Voxel(2);
        var seed = ClipSeed.Of(0, 1, "test1_002");

        // When decoded and attributed
        var decoded = new DecoupledDecoder(model, conceptText, Settings, CPU).Decode([voxels], 0, [seed])[0];
        var attributed = new TaskAttribution(model, conceptText, Settings, CPU).Attribute(voxels, 0, seed);

        // Then the attribution followed the decoded path: same top concept, same greedy caption
        Assert.Equal(decoded.TopConcept, attributed.TopConcept);
        Assert.Equal(decoded.CaptionIds, attributed.CaptionIds);
        Assert.Equal(4, attributed.Values.Count);
        Assert.All(attributed.Values, v => Assert.Equal(Voxels, v.Length));

        // And the concept scalar is the top concept's logit: its sigmoid is the decoded score
        Assert.Equal(decoded.ConceptScores[decoded.TopConcept], 1 / (1 + Math.Exp(-attributed.Scalars[0])), 4);
    }

    [Fact]
    public void Attribute_EachTask_EqualsInputTimesCentralDifference()
    {
        // Given a clip, its attribution, and the scalars at x ± h on the most contributing voxels
        var voxels = Voxel(3);
        var seed = 77L;
        var attribution = new TaskAttribution(model, conceptText, Settings, CPU);
        var at = attribution.Attribute(voxels, 0, seed);
        const float h = 0.004f;
        float[] Shifted(int v, float by)
        {
            var shifted = (float[])voxels.Clone();
            shifted[v] += by;
            return shifted;
        }

        foreach (var task in new[] { AttributionTask.Concepts, AttributionTask.Masks, AttributionTask.BlurryVideo, AttributionTask.Caption })
        {
            var values = at.For(task);
            var largest = Enumerable.Range(0, Voxels).OrderByDescending(v => Math.Abs(values[v])).Take(3).ToList();
            var scale = values.Max(Math.Abs);
            Assert.True(scale > 0, $"{task}: every contribution is zero");
            foreach (var v in largest)
            {
                var plus = Shifted(v, h);
                var minus = Shifted(v, -h);
                var up = attribution.Attribute(plus, 0, seed);
                var down = attribution.Attribute(minus, 0, seed);
                Assert.Equal(at.TopConcept, up.TopConcept);
                Assert.Equal(at.CaptionIds, up.CaptionIds);
                var numeric = voxels[v] * (up.Scalars[(int)task] - down.Scalars[(int)task]) / (2 * h);

                // Then x_v · ∂s/∂x_v agrees with x_v times the central difference
                Assert.True(Math.Abs(numeric - values[v]) <= 0.05 * scale, $"{task} voxel {v}: gradient × input {values[v]}, central difference {numeric}");
            }
        }
    }

    [Fact]
    public void Attribute_ZeroVoxel_ContributesNothing()
    {
        // Given a clip with voxel 5 at zero
        var voxels = Voxel(1);
        voxels[5] = 0;

        // When attributed
        var at = new TaskAttribution(model, conceptText, Settings, CPU).Attribute(voxels, 0, 9);

        // Then gradient × input is zero there for every task, and not everywhere
        Assert.All(at.Values, v => Assert.Equal(0f, v[5]));
        Assert.All(at.Values, v => Assert.Contains(v, x => x != 0));
    }

    [Fact]
    public void Attribute_WrongVoxelCount_FailsNamingBothCounts()
    {
        var attribution = new TaskAttribution(model, conceptText, Settings, CPU);

        var error = Assert.Throws<ArgumentException>(() => attribution.Attribute(new float[7], 0, 1));

        Assert.Contains("7 voxels", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Maps_TwoSamples_AverageTheMagnitudes()
    {
        // Given two samples with signed contributions
        var accumulator = new TaskMapAccumulator(2);
        accumulator.Add(new TaskContributions([[1f, -2f], [0f, 4f], [3f, 3f], [-1f, 0f]], [0, 0, 0, 0], 0, []));
        accumulator.Add(new TaskContributions([[-3f, 2f], [2f, -4f], [1f, 0f], [-1f, 1f]], [0, 0, 0, 0], 0, []));

        // When averaged
        var maps = accumulator.Maps();

        // Then each value is the mean absolute contribution
        Assert.Equal(2, accumulator.Count);
        Assert.Equal([2.0, 2.0], maps[0]);
        Assert.Equal([1.0, 4.0], maps[1]);
        Assert.Equal([2.0, 1.5], maps[2]);
        Assert.Equal([1.0, 0.5], maps[3]);
        Assert.Equal(["concepts", "masks", "caption", "blurry_video"], TaskNames.All);
    }
}
