using Neurons.Model.Decoupled;
using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Training;

/// <summary>
/// The per-epoch stage-2 evaluation on the test split (docs/model.md): forward/backward top-1 retrieval of frame-2 motion
/// tokens made from the prior's x₀ of noised ground-truth tokens (the reference's selection metric), and the
/// sub-task metrics — caption token accuracy, concept mAP, key-object mask Dice (segmentation text = the key-object
/// name, as in training), latent L1 and the prior output's cosine to the target tokens — on DDPM samples of the prior
/// from the brain alone (one generator per clip, so a clip's result does not depend on its batch-mates) or on the
/// noised-GT x₀. Deterministic: every generator is seeded from the run's seed and the epoch.
/// </summary>
public static class Stage2Evaluator
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="test"/>; restores the model's training mode.</summary>
    /// <param name="model">The model.</param>
    /// <param name="subject">The ridge index of the data.</param>
    /// <param name="test">The test split.</param>
    /// <param name="options">Batch size, prior frame, sampling choice and seed.</param>
    /// <param name="epoch">The epoch (varies the evaluation noise like the reference's global RNG would, reproducibly).</param>
    /// <param name="device">The device.</param>
    public static Stage2Metrics Evaluate(NeuronsDecoupledModel model, int subject, Stage2Split test, Stage2Options options, int epoch, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var noiseGenerator = new Generator((ulong)(options.Seed + 7919 + epoch), device);
            var n = test.Count;
            var batchSize = options.EvalBatchSize;
            double fwd = 0, bwd = 0, priorCos = 0, stage1Cos = 0, l1 = 0, overlap = 0, predicted = 0, actual = 0;
            long correct = 0, counted = 0, retrievalClips = 0, latentBatches = 0;
            var scores = new List<float>();
            var labels = new List<float>();
            var labelCount = (int)test.Concepts.shape[1];
            for (var start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var b = Math.Min(batchSize, n - start);
                var clips = Enumerable.Range(start, b).ToArray();
                var batch = test.Select(clips, device);
                var brain = model.EncodeBrain(batch.Voxels, subject);
                var raw = batch.Tokens.select(1, options.PriorFrame);
                var target = model.Prior.Standardize(raw);
                var noised = model.Prior.TrainingStep(model.PriorCondition(brain), target, noiseGenerator).PredictedX0;
                var targetFlat = ContrastiveLosses.FlattenNormalize(target);
                var rawFlat = ContrastiveLosses.FlattenNormalize(raw);

                // A single trailing clip retrieves trivially; leave it out, as stage 1 does.
                if (b >= 2 || start == 0)
                {
                    var frame = ContrastiveLosses.FlattenNormalize(model.MotionProjection.call(noised).select(1, options.PriorFrame));
                    var sim = frame.matmul(targetFlat.T);
                    var labelsRange = arange(b, dtype: ScalarType.Int64, device: device);
                    fwd += sim.argmax(1).eq(labelsRange).sum().item<long>();
                    bwd += sim.T.argmax(1).eq(labelsRange).sum().item<long>();
                    retrievalClips += b;
                }

                Tensor prior;
                if (options.EvalSampling)
                {
                    var generators = clips.Select(c => new Generator((ulong)((options.Seed * 1_000_003) + (epoch * 100_003L) + c), device)).ToList();
                    try
                    {
                        prior = model.Prior.Sample(model.PriorCondition(brain), generators);
                    }
                    finally
                    {
                        generators.ForEach(g => g.Dispose());
                    }
                }
                else
                {
                    prior = noised;
                }

                priorCos += ContrastiveLosses.FlattenNormalize(model.Prior.Unstandardize(prior)).mul(rawFlat).sum().item<float>();
                stage1Cos += ContrastiveLosses.FlattenNormalize(brain.Clip).mul(rawFlat).sum().item<float>();
                var motion = model.MotionProjection.call(prior);
                var frames = motion.shape[1];
                var text = model.ProjectText(motion.mean([1]));
                var (c, k) = model.Captioner.TokenAccuracy(F.normalize(text, p: 2, dim: -1), batch.CaptionIds);
                correct += c;
                counted += k;
                var logits = model.Classifier.call(motion.mean([1, 2]));
                scores.AddRange(logits.sigmoid().contiguous().data<float>().ToArray());
                labels.AddRange(batch.Concepts.contiguous().data<float>().ToArray());
                var vision = motion.reshape(b * frames, motion.shape[2], motion.shape[3]);
                var seg = model.Decoder.Forward(vision, batch.KeyText).Segmentation.gt(0).to(ScalarType.Float32);
                var masks = batch.Masks.reshape(seg.shape);
                overlap += seg.mul(masks).sum().item<float>();
                predicted += seg.sum().item<float>();
                actual += masks.sum().item<float>();
                var latents = batch.Latents.reshape(b * frames, batch.Latents.shape[2], batch.Latents.shape[3], batch.Latents.shape[4]);
                l1 += DecouplerLosses.Reconstruction(model.Decoder.Forward(vision, text).Reconstruction, latents).item<float>() * b;
                latentBatches += b;
            }

            return new Stage2Metrics(
                fwd / retrievalClips,
                bwd / retrievalClips,
                RetrievalEvaluator.ChanceTop1(n, batchSize),
                counted == 0 ? double.NaN : (double)correct / counted,
                AveragePrecision.Mean([.. scores], [.. labels], labelCount),
                predicted + actual == 0 ? 1.0 : 2 * overlap / (predicted + actual),
                l1 / latentBatches,
                priorCos / n,
                stage1Cos / n,
                options.EvalSampling);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
