using Neurons.Model.IO;
using Neurons.Model.Prior;
using Neurons.Model.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Prior;

public sealed class DiffusionPriorTests
{
    private static readonly PriorConfig Small = PriorConfig.Tiny(4, 16) with { Name = "small" };

    // Fewer steps where the test is about where the randomness comes from, not about the schedule length.
    private static readonly PriorConfig Short = Small with { Timesteps = 20 };

    [Fact]
    public void StateDict_KeysAndShapes_MatchCheckedInReferenceList()
    {
        // Given the tiny prior for 16 tokens of width 32 (the mini fixture shape)
        using var prior = new DiffusionPrior(PriorConfig.Tiny(16, 32));

        // When its state dict is listed as "key shape"
        var actual = prior.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToList();

        // Then it equals the list derived from the reference's attribute names (BrainDiffusionPrior / dalle2-pytorch)
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Prior", "state_dict_tiny.txt"))
            .Where(l => l.Length > 0).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PredictX0_WeightsLoadedStrictly_MatchesReferenceImplementationOutput()
    {
        // Given the fixture: weights of a prior with 5 tokens × 16, depth 2, 3 heads × 40 (rotary on 32 of 40
        // features), three noised inputs at steps 0, 37 and 99, and the x̂₀ that the reference classes (NEURONS
        // PriorNetwork on dalle2-pytorch 1.15.6, under PyTorch 1.13.1) computed from the same weights and inputs
        using var reader = new SafeTensorsReader(Path.Combine(AppContext.BaseDirectory, "Prior", "reference_prior.safetensors"));
        using var prior = ReferencePrior(reader);
        using var noisy = reader.Read("in.noisy");
        using var brain = reader.Read("in.brain");
        using var t = reader.Read("in.t");
        using var expected = reader.Read("reference.x0");
        using var noGrad = no_grad();

        // When our prior predicts x̂₀
        using var actual = prior.PredictX0(noisy, t, brain);

        // Then it matches to float32 rounding (measured: 7e-7 for values up to 1.7)
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5), $"max |diff| {actual.sub(expected).abs().max().item<float>()}");
    }

    [Fact]
    public void TrainingStep_SeededLikeReference_DrawsInTheReferenceOrder()
    {
        // Given the fixture's weights and the reference's training forward after torch.manual_seed(313): libtorch's CPU
        // generator gives the same stream in PyTorch 1.13 and here, so equal results mean equal draws in equal order
        // (t, noise, brain keep mask, image keep mask) and equal arithmetic; this seed draws t = (72, 2, 79), drops
        // sample 2's brain tokens and sample 0's noised image tokens (torch: rand(3) < 0.8 → keep)
        using var reader = new SafeTensorsReader(Path.Combine(AppContext.BaseDirectory, "Prior", "reference_prior.safetensors"));
        using var prior = ReferencePrior(reader);
        using var brain = reader.Read("in.brain");
        using var target = reader.Read("in.noisy");
        using var expectedLoss = reader.Read("reference.train_seed313.loss");
        using var expectedX0 = reader.Read("reference.train_seed313.x0");
        using var gen = new Generator(313);

        // When our training forward runs with a generator seeded 313
        using var output = prior.TrainingStep(brain, target, gen);

        // Then loss and prediction agree with the reference's
        Assert.Equal(expectedLoss.item<float>(), output.Loss.item<float>(), 5);
        Assert.True(output.PredictedX0.allclose(expectedX0, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Sample_SeededLikeReference_MatchesReferenceDdpmLoop()
    {
        // Given the fixture's weights and the reference's p_sample_loop (100 DDPM steps) after torch.manual_seed(123)
        using var reader = new SafeTensorsReader(Path.Combine(AppContext.BaseDirectory, "Prior", "reference_prior.safetensors"));
        using var prior = ReferencePrior(reader);
        using var brain = reader.Read("in.brain");
        using var expected = reader.Read("reference.sample_seed123");
        using var gen = new Generator(123);

        // When we sample with a generator seeded 123
        using var actual = prior.Sample(brain, gen);

        // Then the tokens agree up to float rounding amplified over 100 chained steps (measured 2.2e-4 for values ≤ 1.6)
        Assert.True(actual.allclose(expected, rtol: 0, atol: 2e-3), $"max |diff| {actual.sub(expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Constructor_SameGenerator_GivesIdenticalWeights()
    {
        // Given two priors built from generators with the same seed, and one from another seed
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var g3 = new Generator(10);
        using var a = new DiffusionPrior(Small, g1);
        using var b = new DiffusionPrior(Small, g2);
        using var c = new DiffusionPrior(Small, g3);

        // Then the first two are identical bit for bit and the third differs
        Assert.All(a.state_dict().Zip(b.state_dict()), pair => Assert.True(Bits.Same(pair.First.Value, pair.Second.Value), pair.First.Key));
        Assert.False(Bits.Same(a.state_dict()["net.null_brain_embeds"], c.state_dict()["net.null_brain_embeds"]));
    }

    [Fact]
    public void TrainingStep_ReturnsScalarMseOfPredictionAgainstTarget()
    {
        // Given the prior and a batch
        using var prior = new DiffusionPrior(Small);
        using var gen = new Generator(3);
        using var brain = randn([3, 4, 16], generator: gen);
        using var image = randn([3, 4, 16], generator: gen);

        // When one training forward pass runs
        using var output = prior.TrainingStep(brain, image, gen);

        // Then the loss is the MSE of the returned prediction [3, 4, 16], which carries gradient
        Assert.Equal(new long[] { 3, 4, 16 }, output.PredictedX0.shape);
        Assert.Empty(output.Loss.shape);
        using var mse = output.PredictedX0.sub(image).pow(2).mean();
        Assert.Equal(mse.item<float>(), output.Loss.item<float>(), 5);
        Assert.True(output.PredictedX0.requires_grad);
    }

    [Fact]
    public void TrainingStep_SameGeneratorState_IsReproducible()
    {
        using var prior = new DiffusionPrior(Small);
        using var data = new Generator(4);
        using var brain = randn([2, 4, 16], generator: data);
        using var image = randn([2, 4, 16], generator: data);
        using var g1 = new Generator(77);
        using var g2 = new Generator(77);

        using var first = prior.TrainingStep(brain, image, g1);
        using var second = prior.TrainingStep(brain, image, g2);

        Assert.True(Bits.Same(first.PredictedX0, second.PredictedX0));
    }

    [Fact]
    public void TrainingStep_FixedBatch_LossFallsOverThirtySteps()
    {
        // Given the tiny prior, a fixed batch whose image tokens are a function of the brain tokens, and Adam (lr 3e-3)
        using var init = new Generator(1);
        using var prior = new DiffusionPrior(Small, init);
        using var data = new Generator(2);
        using var brain = randn([4, 4, 16], generator: data);
        using var image = brain.mul(0.5).add(0.3);
        var optimizer = optim.Adam(prior.parameters(), lr: 3e-3);

        // When the loss of a fixed draw (generator seed 100) is measured before and after 30 training steps
        var before = FixedLoss(prior, brain, image);
        using var train = new Generator(5);
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var output = prior.TrainingStep(brain, image, train);
            output.Loss.backward();
            optimizer.step();
        }

        var after = FixedLoss(prior, brain, image);

        // Then it has fallen to less than half
        Assert.True(after < before / 2, $"loss {before:F4} → {after:F4}");
    }

    [Fact]
    public void FitStandardization_TwoConstantClips_GivesTheirMeanAndRmsDeviation_AndMapsBackExactly()
    {
        // Given a prior that standardizes its targets, and two training clips whose tokens are all 1 and all 5
        using var prior = new DiffusionPrior(Small with { StandardizeTargets = true });
        using var targets = cat([full([1, 4, 16], 1f), full([1, 4, 16], 5f)], 0);

        // When it is fitted on them and clip 1 is standardized and mapped back
        prior.FitStandardization(targets);
        using var z = prior.Standardize(targets.narrow(0, 1, 1));
        using var back = prior.Unstandardize(z);
        var state = prior.state_dict();

        // Then μ = 3 everywhere and s = √(mean((x − μ)²)) = 2, so clip 1 becomes (5 − 3) / 2 = 1, and 1 maps back to 5;
        // μ and s are buffers of the state dict (saved with the model)
        Assert.True(state["target_mean"].allclose(full([4, 16], 3f)));
        Assert.Equal(2f, state["target_scale"].item<float>(), 6);
        Assert.True(z.allclose(ones([1, 4, 16])), $"z = {z.mean().item<float>()}");
        Assert.True(back.allclose(full([1, 4, 16], 5f)));
    }

    [Fact]
    public void Standardize_WithoutTheOption_ReturnsTheTokens_AndAddsNoStateDictKeys()
    {
        // Given the reference prior (no standardization) and some tokens
        using var prior = new DiffusionPrior(Small);
        using var gen = new Generator(8);
        using var tokens = randn([2, 4, 16], generator: gen);

        // When it is fitted and the tokens are mapped both ways
        prior.FitStandardization(tokens);
        using var z = prior.Standardize(tokens);
        using var back = prior.Unstandardize(tokens);

        // Then nothing changes and the state dict has only the reference's keys
        Assert.True(z.allclose(tokens, rtol: 0, atol: 0));
        Assert.True(back.allclose(tokens, rtol: 0, atol: 0));
        Assert.DoesNotContain(prior.state_dict().Keys, k => k.StartsWith("target_", StringComparison.Ordinal));
    }

    [Fact]
    public void PredictX0_BrainCondition_ChangesTheOutput_AndAttentionIsNotCausal()
    {
        // Given the prior, noised tokens at step 50 and two different brain conditions
        using var prior = new DiffusionPrior(Small);
        using var gen = new Generator(6);
        using var noisy = randn([1, 4, 16], generator: gen);
        using var brainA = randn([1, 4, 16], generator: gen);
        using var brainB = randn([1, 4, 16], generator: gen);
        using var t = tensor(new long[] { 50 });
        using var noGrad = no_grad();

        // When predicted with either condition, and with only the last noised token changed
        using var a = prior.PredictX0(noisy, t, brainA);
        using var b = prior.PredictX0(noisy, t, brainB);
        using var changed = noisy.clone();
        using var shift = randn([16], generator: gen); // not a constant: every LayerNorm removes a constant shift
        changed[0, 3].add_(shift);
        using var c = prior.PredictX0(changed, t, brainA);

        // Then the condition matters, and the first output token sees the last input token (non-causal)
        Assert.False(a.allclose(b, rtol: 1e-4, atol: 1e-5));
        Assert.False(a[0, 0].allclose(c[0, 0], rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void TrainingStep_FullConditionDrop_IgnoresBrainAndNoisedTokens()
    {
        // Given a prior that always drops both conditions: its input is then only the learned null tokens and t
        using var prior = new DiffusionPrior(Small with { CondDropProb = 1 });
        using var gen = new Generator(8);
        using var brainA = randn([2, 4, 16], generator: gen);
        using var brainB = randn([2, 4, 16], generator: gen);
        using var image = randn([2, 4, 16], generator: gen);
        using var g1 = new Generator(11);
        using var g2 = new Generator(11);

        // When trained-forward with different brain tokens but the same t draws
        using var a = prior.TrainingStep(brainA, image, g1);
        using var b = prior.TrainingStep(brainB, image, g2);

        // Then the predictions are identical
        Assert.True(Bits.Same(a.PredictedX0, b.PredictedX0));
    }

    [Fact]
    public void Sample_SameSeed_IsBitIdentical_AndOtherSeedDiffers()
    {
        // Given the prior and brain tokens
        using var prior = new DiffusionPrior(Small);
        using var data = new Generator(12);
        using var brain = randn([2, 4, 16], generator: data);

        // When sampled (100 DDPM steps) twice with seed 5 and once with seed 6
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        using var g3 = new Generator(6);
        using var a = prior.Sample(brain, g1);
        using var b = prior.Sample(brain, g2);
        using var c = prior.Sample(brain, g3);

        // Then the first two agree bit for bit, the third differs, all finite and without gradient
        Assert.Equal(new long[] { 2, 4, 16 }, a.shape);
        Assert.True(Bits.Same(a, b));
        Assert.False(Bits.Same(a, c));
        Assert.True(a.isfinite().all().item<bool>());
        Assert.False(a.requires_grad);
    }

    [Fact]
    public void Sample_PerSampleGenerators_ClipResultDoesNotDependOnBatchMates()
    {
        // Given three clips, each with its own generator seed
        using var prior = new DiffusionPrior(Short);
        using var data = new Generator(13);
        using var brain = randn([3, 4, 16], generator: data);
        var seeds = new ulong[] { 21, 22, 23 };

        // When sampled as a batch, and clip 1 alone with a fresh generator of its seed, and in a batch with other mates
        var batchGens = seeds.Select(s => new Generator(s)).ToList();
        using var batch = prior.Sample(brain, batchGens);
        using var aloneGen = new Generator(22);
        using var brain1 = brain.narrow(0, 1, 1);
        using var alone = prior.Sample(brain1, [aloneGen]);
        var otherGens = new[] { new Generator(99), new Generator(22) };
        using var mates = cat([randn([1, 4, 16], generator: data), brain1], 0);
        using var other = prior.Sample(mates, otherGens);

        // Then clip 1's tokens are the same in all three, bit for bit
        using var inBatch = batch.narrow(0, 1, 1);
        using var inOther = other.narrow(0, 1, 1);
        Assert.True(Bits.Same(inBatch, alone));
        Assert.True(Bits.Same(inOther, alone));
        foreach (var g in batchGens.Concat(otherGens))
        {
            g.Dispose();
        }
    }

    [Fact]
    public void Sample_OneSample_SingleGeneratorEqualsPerSampleGenerator()
    {
        using var prior = new DiffusionPrior(Short);
        using var data = new Generator(14);
        using var brain = randn([1, 4, 16], generator: data);
        using var g1 = new Generator(31);
        using var g2 = new Generator(31);

        using var a = prior.Sample(brain, g1);
        using var b = prior.Sample(brain, [g2]);

        Assert.True(Bits.Same(a, b));
    }

    [Fact]
    public void Sample_WrongTokenShape_ThrowsNamingExpectedShape()
    {
        using var prior = new DiffusionPrior(Small);
        using var brain = zeros(2, 5, 16);
        using var gen = new Generator(1);
        var ex = Assert.Throws<ArgumentException>(() => prior.Sample(brain, gen));
        Assert.Contains("[B, 4, 16]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingStep_ManySteps_LiveTensorCountStaysFlat()
    {
        // Given the prior and a batch
        using var prior = new DiffusionPrior(Small);
        using var gen = new Generator(15);
        using var brain = randn([2, 4, 16], generator: gen);
        using var image = randn([2, 4, 16], generator: gen);
        var optimizer = optim.Adam(prior.parameters(), lr: 1e-3);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using var output = prior.TrainingStep(brain, image, gen);
            output.Loss.backward();
            optimizer.step();
        }

        // When 3 warm-up steps run, then 20 more
        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 20; i++)
        {
            Step();
        }

        // Then no tensor is left behind per step
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static DiffusionPrior ReferencePrior(SafeTensorsReader reader)
    {
        var prior = new DiffusionPrior(new PriorConfig { Tokens = 5, Dim = 16, Depth = 2, Heads = 3, DimHead = 40 });
        ModuleWeights.Load(prior, reader, "model.");
        return prior;
    }

    private static double FixedLoss(DiffusionPrior prior, Tensor brain, Tensor image)
    {
        using var noGrad = no_grad();
        var total = 0.0;
        for (var seed = 100UL; seed < 104; seed++)
        {
            using var g = new Generator(seed);
            using var output = prior.TrainingStep(brain, image, g);
            total += output.Loss.item<float>();
        }

        return total / 4;
    }
}
