using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Decoupled;
using Neurons.Model.Losses;
using Neurons.Model.Tests.Fixtures;
using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

[Collection(TrainerCollection.Name)]
public sealed class Stage2TrainerTests : IDisposable
{
    private static readonly Stage2Options Options = new()
    {
        Epochs = 3,
        BatchSize = 10,
        MaxLr = 3e-3,
        EvalBatchSize = 12,
        CheckpointEverySteps = 2,
        KeepLast = 2,
        GcEverySteps = 4,
    };

    private readonly string root = Directory.CreateTempSubdirectory("neurons-stage2-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Losses_OnTinyBatch_EqualTermsRecomputedByHand()
    {
        // Given a tiny model in eval mode (no dropout) and a 4-clip batch
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits(train: 12, test: 4);
        using var _ = train;
        using var __ = test;
        using var random = new RandomSource(3);
        using var model = new NeuronsDecoupledModel(Stage2Fixture.Config, random, 3);
        model.LoadBrain(brainPath);
        model.eval();
        using var scope = NewDisposeScope();
        var batch = train.Select([0, 1, 2, 3], CPU);
        using var generator = new Generator(99);
        using var start = generator.get_state();

        // When the trainer's loss terms are computed (SoftCLIP temperature 0.005, InfoNCE 0.1)
        using var terms = Stage2Trainer.Losses(model, batch, 0, 2, 0.005, 0.1, generator);

        // Then each term equals its textbook formula on the same forward pass (the prior replayed from the same generator state)
        generator.set_state(start);
        using var noGrad = no_grad();
        var brain = model.EncodeBrain(batch.Voxels, 0);
        var prior = model.Prior.TrainingStep(model.PriorCondition(brain), batch.Tokens.select(1, 2), generator);
        Assert.Equal(prior.Loss.item<float>(), terms.Prior.item<float>(), 6);
        var motion = model.MotionProjection.call(prior.PredictedX0);
        long b = 4, f = 6;

        // SoftCLIP: soft targets softmax(t·tᵀ/τ), loss = mean of −Σ targets·log_softmax(p·tᵀ/τ) over rows and over columns
        var p = Unit(motion.reshape(b * f, -1));
        var t = Unit(batch.Tokens.reshape(b * f, -1));
        var soft = t.matmul(t.T).div(0.005).softmax(-1);
        var logits = p.matmul(t.T).div(0.005);
        var clip = (soft.mul(logits.log_softmax(-1)).sum(-1).neg().mean().item<float>() + soft.mul(logits.T.log_softmax(-1)).sum(-1).neg().mean().item<float>()) / 2;
        Assert.Equal(clip, terms.SoftClip.item<float>(), 4);

        // InfoNCE: the mean of the two cross-entropies with the diagonal as the label
        var text = model.ProjectText(motion.mean([1]));
        var sim = Unit(text).matmul(Unit(batch.Text).T).div(0.1);
        var diag = arange(b);
        var nce = (sim.log_softmax(-1).gather(1, diag.unsqueeze(1)).neg().mean().item<float>() + sim.T.log_softmax(-1).gather(1, diag.unsqueeze(1)).neg().mean().item<float>()) / 2;
        Assert.Equal(nce, terms.TextNce.item<float>(), 4);

        // BCE with logits: −[y·log σ(x) + (1 − y)·log(1 − σ(x))], mean
        var x = model.Classifier.call(motion.mean([1, 2]));
        var y = batch.Concepts;
        var bce = y.mul(x.sigmoid().log()).add(y.neg().add(1).mul(x.sigmoid().neg().add(1).log())).neg().mean().item<float>();
        Assert.Equal(bce, terms.Classification.item<float>(), 4);

        // Soft Dice against the masks (already at the decoder side): 1 − (2Σpm + ε)/(Σp + Σm + ε), batch-global
        var vision = motion.reshape(b * f, Stage2Fixture.Tokens, Stage2Fixture.Width);
        var seg = model.Decoder.Forward(vision, batch.KeyText).Segmentation.sigmoid();
        var m = batch.Masks.reshape(seg.shape);
        var dice = 1 - (((2 * seg.mul(m).sum().item<float>()) + 1e-7) / (seg.sum().item<float>() + m.sum().item<float>() + 1e-7));
        Assert.Equal(dice, terms.Segmentation.item<float>(), 4);

        // L1 of the reconstruction nearest-resized 8 → 5 (source index ⌊i·8/5⌋ = 0, 1, 3, 4, 6)
        var recon = model.Decoder.Forward(vision, text).Reconstruction;
        var picked = recon.index_select(2, tensor(new long[] { 0, 1, 3, 4, 6 })).index_select(3, tensor(new long[] { 0, 1, 3, 4, 6 }));
        var l1 = picked.sub(batch.Latents.reshape(b * f, 4, 5, 5)).abs().mean().item<float>();
        Assert.Equal(l1, terms.Reconstruction.item<float>(), 4);

        // Caption CE with label smoothing 0.1 over the non-pad positions: 0.9·(−log p_y) + 0.1·mean_v(−log p_v)
        var captionLogits = model.Captioner.Logits(Unit(text), batch.CaptionIds).log_softmax(-1);
        var ids = batch.CaptionIds.data<long>().ToArray();
        double ce = 0;
        var counted = 0;
        for (var i = 0; i < b; i++)
        {
            for (var j = 0; j < Stage2Fixture.CaptionLength; j++)
            {
                var id = ids[(i * Stage2Fixture.CaptionLength) + j];
                if (id == Stage2Fixture.PadId)
                {
                    continue;
                }

                using var row = captionLogits[i, j];
                ce += (0.9 * -row[id].item<float>()) + (0.1 * -row.mean().item<float>());
                counted++;
            }
        }

        Assert.Equal(ce / counted, terms.Caption.item<float>(), 4);

        // And the total is 30·prior + SoftCLIP + InfoNCE + Σ wᵢ·Lᵢ
        double[] w = [2, 3, 4, 5];
        using var total = terms.Total(w);
        var expected = (30.0 * terms.Prior.item<float>()) + terms.SoftClip.item<float>() + terms.TextNce.item<float>()
            + (2.0 * terms.Segmentation.item<float>()) + (3.0 * terms.Classification.item<float>()) + (4.0 * terms.Caption.item<float>()) + (5.0 * terms.Reconstruction.item<float>());
        Assert.Equal(expected, total.item<float>(), 3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ResumedAfterInterruption_EndsBitIdenticalToUninterruptedRun(bool standardize)
    {
        // Given an uninterrupted 3-epoch run (3 steps per epoch, 9 in all), with the reference prior or one on standardized tokens
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits();
        using var _ = train;
        using var __ = test;
        var full = Run(brainPath, train, test, "full", standardize: standardize);

        // When a second run is killed after step 5 (last checkpoint at step 4: epoch 1, batch 1) and resumed by a new trainer
        var partial = Run(brainPath, train, test, "resumed", stopAfter: 5, standardize: standardize);
        Assert.False(partial.Completed);
        partial.Model.Dispose();
        var resumed = Run(brainPath, train, test, "resumed", standardize: standardize);

        // Then every weight is identical bit for bit, and so are the history's losses and metrics
        Assert.True(resumed.Completed);
        Assert.Equal(5, resumed.StepsRun); // steps 5 … 9
        foreach (var ((name, a), (_, b)) in full.Model.state_dict().Zip(resumed.Model.state_dict()))
        {
            Assert.True(Bits.Same(a, b), $"{name} differs after resume");
        }

        Assert.Equal(
            full.History.Select(r => (r.TrainLoss, r.TrainCaptionLoss, r.SegWeight, r.TestForwardTop1, r.TestCaptionAccuracy, r.TestMaskDice, r.TestPriorCosine)),
            resumed.History.Select(r => (r.TrainLoss, r.TrainCaptionLoss, r.SegWeight, r.TestForwardTop1, r.TestCaptionAccuracy, r.TestMaskDice, r.TestPriorCosine)));
        full.Model.Dispose();
        resumed.Model.Dispose();
    }

    [Fact]
    public void Train_KeepsLastKCheckpointsWithoutTheFrozenBrainAndTheBest()
    {
        // Given a run with a checkpoint every 2 steps and keep_last 2
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits();
        using var _ = train;
        using var __ = test;

        // When it completes
        var result = Run(brainPath, train, test, "keep");
        result.Model.Dispose();

        // Then the two newest step checkpoints and best.safetensors remain, holding no ridge/backbone/clipproj weights
        var store = new CheckpointStore(Path.Combine(root, "keep"), 2);
        Assert.Equal([8L, 9L], store.List().Select(c => c.Step));
        Assert.True(File.Exists(store.BestPath));
        using var reader = new Neurons.Model.IO.SafeTensorsReader(store.List()[^1].Path);
        Assert.DoesNotContain(reader.Entries.Keys, k => k.StartsWith("model.ridge.", StringComparison.Ordinal) || k.StartsWith("model.backbone.", StringComparison.Ordinal) || k.StartsWith("model.clipproj.", StringComparison.Ordinal));
        Assert.Contains(reader.Entries.Keys, k => k.StartsWith("model.diffusion_prior.", StringComparison.Ordinal));
        Assert.Contains(reader.Entries.Keys, k => k.StartsWith("model.text_dec.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("config")]
    [InlineData("options")]
    [InlineData("stage1")]
    public void Train_WhenCheckpointBelongsToAnotherRun_RefusesWithOneLine(string what)
    {
        // Given a checkpoint folder holding a step-2 checkpoint of another run
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits();
        using var _ = train;
        using var __ = test;
        var folder = Path.Combine(root, "other");
        if (what == "stage1")
        {
            using var t = zeros(2);
            Neurons.Model.IO.SafeTensors.Save(Path.Combine(folder, "step-000000002.safetensors"), [new("model.x", t)], new Dictionary<string, string> { ["neurons.kind"] = Stage1Trainer.CheckpointKind });
        }
        else
        {
            Run(brainPath, train, test, "other", stopAfter: 2).Model.Dispose();
        }

        // When a run with another configuration or other options (or a stage-2 run over a stage-1 checkpoint) starts there
        var config = what == "config" ? Stage2Fixture.Config with { Prior = Stage2Fixture.Config.Prior with { Depth = 2 } } : Stage2Fixture.Config;
        var options = what == "options" ? Options with { MaxLr = 1e-3 } : Options;
        var ex = Assert.Throws<InvalidDataException>(() => new Stage2Trainer(options).Train(config, 1, 0, brainPath, train, test, Stage2Fixture.PadId, new CheckpointStore(folder, 2), CPU));

        // Then one line names the checkpoint and the differing identity field
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("step-000000002.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains(what switch { "config" => "neurons.config", "options" => "neurons.options", _ => "neurons.kind" }, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OperationalOptionsChange_ResumesFromTheSameCheckpoints()
    {
        // Given a run killed after step 5 with checkpoint_every_steps 2, keep_last 2, gc 4
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits();
        using var _ = train;
        using var __ = test;
        Run(brainPath, train, test, "ops", stopAfter: 5).Model.Dispose();

        // When it resumes with other operational settings
        var options = Options with { CheckpointEverySteps = 3, KeepLast = 1, GcEverySteps = 0, Threads = 1 };
        var resumed = new Stage2Trainer(options).Train(Stage2Fixture.Config, 1, 0, brainPath, train, test, Stage2Fixture.PadId, new CheckpointStore(Path.Combine(root, "ops"), 1), CPU);
        resumed.Model.Dispose();

        // Then it continues from step 4 instead of refusing or restarting
        Assert.True(resumed.Completed);
        Assert.Equal(5, resumed.StepsRun);
    }

    [Fact]
    public void Train_HistoryCarriesEveryTermWeightAndBaseline()
    {
        // Given a finished 3-epoch run
        var brainPath = Stage2Fixture.WriteBrain(Path.Combine(root, "brain"));
        var (train, test) = Stage2Fixture.Splits();
        using var _ = train;
        using var __ = test;
        var result = Run(brainPath, train, test, "history");
        result.Model.Dispose();

        // Then every row has finite loss terms, the constant weights, progressive weights of 1 (3 epochs: no window) and the baselines
        Assert.Equal([0, 1, 2], result.History.Select(r => r.Epoch));
        foreach (var r in result.History)
        {
            double[] terms = [r.TrainLoss, r.TrainPriorLoss, r.TrainClipLoss, r.TrainTextLoss, r.TrainSegLoss, r.TrainClsLoss, r.TrainCaptionLoss, r.TrainReconLoss];
            Assert.True(terms.All(v => double.IsFinite(v) && v >= 0), $"epoch {r.Epoch} terms [{string.Join(", ", terms)}]");
            Assert.Equal((30.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), (r.PriorWeight, r.ClipWeight, r.TextWeight, r.SegWeight, r.ClsWeight, r.CaptionWeight, r.ReconWeight));
            Assert.Equal(result.Baselines.LatentL1, r.BaselineLatentL1);
            Assert.Equal(1.0 / 12, r.ChanceTop1, 10);
            Assert.Equal("sampled", r.EvalPath);
        }

        Assert.Single(result.History, r => r.IsBest && r.Selection == result.History.Max(x => x.Selection) && result.History.First(x => x.Selection == r.Selection) == r);
    }

    private static Tensor Unit(Tensor x) => x.div(x.norm(1, keepdim: true));

    private Stage2Result Run(string brainPath, Stage2Split train, Stage2Split test, string name, long stopAfter = -1, bool standardize = false) =>
        new Stage2Trainer(Options).Train(
            Stage2Fixture.Config with { Prior = Stage2Fixture.Config.Prior with { StandardizeTargets = standardize }, Decoupler = Stage2Fixture.Config.Decoupler with { StandardizeLatents = standardize } },
            1,
            0,
            brainPath,
            train,
            test,
            Stage2Fixture.PadId,
            new CheckpointStore(Path.Combine(root, name), Options.KeepLast),
            CPU,
            stopAfterStep: stopAfter < 0 ? null : s => s == stopAfter);
}
