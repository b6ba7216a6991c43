using Neurons.Model.Captioning;
using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Captioning;

public sealed class PrefixCaptionerTests
{
    private const int TextWidth = 5;
    private static readonly Gpt2Config Config = new() { Name = "test", VocabSize = 23, Positions = 12, Width = 8, Layers = 2, Heads = 2 };

    [Fact]
    public void CaptionLoss_HandMadeLogits_EqualsHandComputedLabelSmoothedValue()
    {
        // Given V = 3 and three positions: logits [2,0,0] → target 0, [0,1,0] → target 2, [5,5,5] → ignored (-100)
        using var logits = tensor(new float[] { 2, 0, 0, 0, 1, 0, 5, 5, 5 }, [1, 3, 3]);
        using var targets = tensor(new long[] { 0, 2, -100 }, [1, 3]);

        // When the caption loss is computed
        using var loss = PrefixCaptioner.CaptionLoss(logits, targets, -100);

        // Then it is the mean over the 2 counted positions of 0.9·(−log p_target) + 0.1/3·Σ_v(−log p_v):
        // position 1: lse = ln(e² + 2) = 2.2395297; 0.9·0.2395297 + 0.1/3·(0.2395297 + 2·2.2395297) = 0.3728781
        // position 2: lse = ln(2 + e) = 1.5514448; 0.9·1.5514448 + 0.1/3·(1.5514448 + 0.5514448 + 1.5514448) = 1.5181114
        Assert.Equal(0.94549474, loss.item<float>(), 1e-6);
    }

    [Fact]
    public void CountCorrect_HandMadeCase_CountsNonPadArgmaxHits()
    {
        // Given argmaxes 0, 1, 2, 0 against targets 0, 2, 2, pad (0 is the pad id, as in the reference)
        using var logits = tensor(new float[] { 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 0, 0 }, [1, 4, 3]);
        using var targets = tensor(new long[] { 1, 2, 2, 0 }, [1, 4]);
        using var shifted = tensor(new long[] { 0, 2, 2, 0 }, [1, 4]);

        // When / Then: with pad 0 the last position is not counted (1 of 3: position 2); with -100 all four are (3 of 4)
        Assert.Equal((1L, 3L), PrefixCaptioner.CountCorrect(logits, targets, 0));
        Assert.Equal((3L, 4L), PrefixCaptioner.CountCorrect(logits, shifted, -100));
    }

    [Fact]
    public void Loss_EqualsHandComputedFromLogitsOverNonPadPositions()
    {
        // Given a captioner, two prefixes and targets padded with -100 after the stop id
        using var generator = new Generator(3);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        captioner.eval();
        using var prefix = nn.functional.normalize(randn(2, TextWidth, generator: generator), dim: 1);
        long[] ids = [4, 7, 22, -100, -100, 9, 1, 3, 5, 22];
        using var targets = tensor(ids, [2, 5]);

        // When the loss and the logits are computed
        using var loss = captioner.Loss(prefix, targets);
        using var logits = captioner.Logits(prefix, targets);

        // Then the loss is the label-smoothed CE averaged over the 8 non-pad positions, computed here in doubles
        var l = logits.to(ScalarType.Float64).data<double>().ToArray();
        double total = 0;
        var counted = 0;
        for (var p = 0; p < ids.Length; p++)
        {
            if (ids[p] == -100)
            {
                continue;
            }

            var row = l.Skip(p * Config.VocabSize).Take(Config.VocabSize).ToArray();
            var max = row.Max();
            var lse = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
            total += (0.9 * (lse - row[ids[p]])) + (0.1 / Config.VocabSize * row.Sum(x => lse - x));
            counted++;
        }

        Assert.Equal(8, counted);
        Assert.Equal(total / counted, loss.item<float>(), 1e-5);
    }

    [Fact]
    public void Logits_PositionIPredictsTargetI_FromPrefixAndEarlierTargetsOnly()
    {
        // Given two target rows that differ only at position 2
        using var generator = new Generator(4);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        captioner.eval();
        using var prefix = randn(1, TextWidth, generator: generator);
        using var a = tensor(new long[] { 1, 2, 3, 4 }, [1, 4]);
        using var b = tensor(new long[] { 1, 2, 9, 4 }, [1, 4]);

        // When the logits are computed
        using var la = captioner.Logits(prefix, a);
        using var lb = captioner.Logits(prefix, b);

        // Then there is one logit row per target, rows 0–2 (which see the prefix and t0, t1 only) agree, row 3 differs
        Assert.Equal(new long[] { 1, 4, Config.VocabSize }, la.shape);
        Assert.True(la.narrow(1, 0, 3).equal(lb.narrow(1, 0, 3)).all().item<bool>());
        Assert.False(la.narrow(1, 3, 1).allclose(lb.narrow(1, 3, 1)));
    }

    [Fact]
    public void TokenAccuracy_EqualsArgmaxCountOfLogits()
    {
        using var generator = new Generator(5);
        using var captioner = new PrefixCaptioner(Config, TextWidth, 0, generator);
        captioner.eval();
        using var prefix = randn(3, TextWidth, generator: generator);
        using var targets = tensor(new long[] { 4, 5, 0, 0, 7, 7, 7, 0, 1, 2, 3, 4 }, [3, 4]);

        var (correct, counted) = captioner.TokenAccuracy(prefix, targets);

        using var logits = captioner.Logits(prefix, targets);
        var argmax = logits.argmax(-1).data<long>().ToArray();
        var t = targets.data<long>().ToArray();
        Assert.Equal(9L, counted);
        Assert.Equal(Enumerable.Range(0, 12).Count(i => t[i] != 0 && argmax[i] == t[i]), correct);
    }

    [Fact]
    public void Greedy_StopsBeforeStopIdAndAtMaxTokens()
    {
        // Given a captioner and four prefixes decoded with a stop id that never occurs
        using var generator = new Generator(6);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(4, TextWidth, generator: generator);
        var free = captioner.Greedy(prefix, maxTokens: 8, stopId: -1);
        Assert.All(free, s => Assert.Equal(8, s.Length));

        // When decoded again with, as stop id, a token sample 0 generates at step ≥ 1 (or at step 0)
        var first = free[0];
        var j = Enumerable.Range(1, 7).FirstOrDefault(i => !first.Take(i).Contains(first[i]));
        var stop = first[j];
        var stopped = captioner.Greedy(prefix, maxTokens: 8, stopId: stop);

        // Then each sample is its free run cut before the first occurrence of the stop id
        Assert.Equal(first.Take(j).ToArray(), stopped[0]);
        for (var b = 0; b < 4; b++)
        {
            var cut = Array.IndexOf(free[b], stop);
            Assert.Equal(cut < 0 ? free[b] : free[b].Take(cut).ToArray(), stopped[b]);
        }
    }

    [Fact]
    public void Greedy_OneSampleAlone_EqualsSameSampleInBatch()
    {
        // Given a captioner in training mode and a batch of five prefixes
        using var generator = new Generator(7);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        captioner.train();
        using var prefix = nn.functional.normalize(randn(5, TextWidth, generator: generator), dim: 1);

        // When decoded as a batch and one by one
        var batch = captioner.Greedy(prefix, maxTokens: 10, stopId: 22);
        var alone = Enumerable.Range(0, 5).Select(i =>
        {
            using var one = prefix.narrow(0, i, 1);
            return captioner.Greedy(one, maxTokens: 10, stopId: 22)[0];
        }).ToList();

        // Then every sample's ids are the same, the samples are not all alike, and training mode is restored
        Assert.Equal(alone, batch);
        Assert.True(batch.Select(s => string.Join(",", s)).Distinct().Count() > 1);
        Assert.True(captioner.training);
    }

    [Fact]
    public void Loss_TinyTrainedFromScratchOnFourCaptions_GreedyDecodesThemBack()
    {
        // Given the tiny GPT-2 (full 50257 vocabulary, dropout off), GPT-2 caption ids and four unit prefix vectors
        var tokenizer = new Gpt2CaptionTokenizer();
        string[] captions = ["a dog runs on the grass", "two people talk in a kitchen", "a red car on a road", "a bird flies over the sea"];
        using var generator = new Generator(10);
        using var captioner = new PrefixCaptioner(Gpt2Config.Tiny() with { Dropout = 0 }, 16, tokenizer.PadId, generator);
        using var prefix = nn.functional.normalize(randn(4, 16, generator: generator), dim: 1);
        using var targets = tensor(captions.SelectMany(c => tokenizer.Encode(c, 10)).ToArray(), [4, 10]);
        using var optimizer = new AdamWOptimizer(captioner.named_parameters());
        var (before, counted) = captioner.TokenAccuracy(prefix, targets);

        // When trained with AdamW for 60 steps
        for (var step = 0; step < 60; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            captioner.Loss(prefix, targets).backward();
            optimizer.Step(1e-2, 0.9);
        }

        // Then teacher-forced accuracy goes from chance to every counted token, and greedy decoding (which stops at
        // <|endoftext|>) gives each caption back
        captioner.eval();
        Assert.True(before <= 1, $"{before} of {counted} right before training");
        Assert.Equal((counted, counted), captioner.TokenAccuracy(prefix, targets));
        var decoded = captioner.Greedy(prefix, maxTokens: 20, stopId: tokenizer.StopId).Select(tokenizer.Decode).ToArray();
        Assert.Equal(captions, decoded);
    }

    [Fact]
    public void Loss_TrainingMode_DropoutDrawsFromTheGivenGenerator()
    {
        // Given two captioners built from equal seeds, in training mode
        using var g1 = new Generator(8);
        using var g2 = new Generator(8);
        using var c1 = new PrefixCaptioner(Config, TextWidth, -100, g1);
        using var c2 = new PrefixCaptioner(Config, TextWidth, -100, g2);
        using var prefix = randn(2, TextWidth);
        using var targets = tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

        // When each computes the loss twice
        using var a1 = c1.Loss(prefix, targets);
        using var a2 = c1.Loss(prefix, targets);
        using var b1 = c2.Loss(prefix, targets);

        // Then equal seeds give equal losses, and the second draw differs from the first (dropout is on)
        Assert.Equal(a1.item<float>(), b1.item<float>());
        Assert.NotEqual(a1.item<float>(), a2.item<float>());
    }

    [Fact]
    public void Loss_Backward_ReachesPrefixProjectionAndGpt()
    {
        using var generator = new Generator(9);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(2, TextWidth);
        using var targets = tensor(new long[] { 1, 2, -100, 4, 5, 6 }, [2, 3]);
        using var loss = captioner.Loss(prefix, targets);
        loss.backward();
        var grads = captioner.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        Assert.True(grads["clip_project.weight"]!.abs().sum().item<float>() > 0);
        Assert.True(grads["gpt.transformer.h.1.mlp.c_fc.weight"]!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Greedy_Cached_EqualsArgmaxOfFullRecomputation()
    {
        // Given a captioner and three prefixes
        using var generator = new Generator(12);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(3, TextWidth, generator: generator);

        // When decoded greedily (with the key/value cache)
        var greedy = captioner.Greedy(prefix, maxTokens: 10, stopId: -1);

        // Then each token is the argmax of the teacher-forced logits over the whole sequence so far, recomputed
        captioner.eval();
        for (var b = 0; b < 3; b++)
        {
            using var one = prefix.narrow(0, b, 1);
            var ids = new List<long>();
            for (var k = 0; k < 10; k++)
            {
                using var targets = tensor(ids.Append(0).ToArray(), [1, k + 1]);
                using var logits = captioner.Logits(one, targets);
                ids.Add(logits[0, k].argmax().item<long>());
            }

            Assert.Equal(ids.ToArray(), greedy[b]);
        }
    }

    [Fact]
    public void Greedy_MaxTokensEqualToPositions_FillsEveryPosition()
    {
        using var generator = new Generator(11);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(2, TextWidth, generator: generator);
        Assert.All(captioner.Greedy(prefix, maxTokens: Config.Positions, stopId: -1), s => Assert.Equal(Config.Positions, s.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => captioner.Greedy(prefix, maxTokens: Config.Positions + 1, stopId: -1));
    }

    [Fact]
    public void Loss_TargetIdOutsideVocabulary_ThrowsNamingIt()
    {
        using var generator = new Generator(1);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(1, TextWidth);
        using var targets = tensor(new long[] { 3, 23, -100 }, [1, 3]);
        var ex = Assert.Throws<ArgumentException>(() => captioner.Loss(prefix, targets));
        Assert.StartsWith("caption target id 23 is outside GPT-2's vocabulary [0, 23) and is not the ignore id -100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logits_WrongTargetShape_ThrowsNamingExpectedShape()
    {
        using var generator = new Generator(1);
        using var captioner = new PrefixCaptioner(Config, TextWidth, -100, generator);
        using var prefix = randn(2, TextWidth);
        using var targets = zeros(2, 12, dtype: ScalarType.Int64);
        var ex = Assert.Throws<ArgumentException>(() => captioner.Logits(prefix, targets));
        Assert.Contains("int64[2, L] with L + 1 ≤ 12 positions", ex.Message, StringComparison.Ordinal);
    }
}
