using System.Globalization;
using Neurons.Data.Tables;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Classification;
using Neurons.Evaluation.Frames;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Null;
using Neurons.Evaluation.Segmentation;
using Neurons.Evaluation.Summary;

namespace Neurons.Evaluation.Runs;

/// <summary>
/// Computes every metric its inputs allow, one clip at a time, then the aggregates as NEURONS reports
/// them, each beside its permutation null (<see cref="PermutationNull"/>: the same metric with the
/// predictions paired to other clips). Produces the rows of the <c>metrics</c> table and its summary.
/// Frames are kept only while a null needs them (<see cref="EvaluationSettings.NullPermutations"/> &gt; 0).
/// </summary>
public sealed class MetricsAccumulator
{
    private readonly EvaluationSettings settings;
    private readonly EvaluationModels models;
    private readonly VerbExtractor? verbs;
    private readonly List<MetricRow> rows = [];
    private readonly List<PairedFrames> frameClips = [];
    private readonly Dictionary<(int Truth, int Prediction), (double[] Ssim, double[] Psnr)> framePairs = [];
    private readonly List<double> pccAll = [];
    private readonly List<double> pccAdjacent = [];
    private readonly List<(string ClipId, bool[] Truth, bool[] Prediction)> masks = [];
    private readonly List<(string ClipId, string TruthTokens, string PredictionTokens, string Truth, string Prediction)> captions = [];
    private readonly List<IReadOnlyList<double>> conceptScores = [];
    private readonly List<IReadOnlyList<bool>> conceptLabels = [];
    private readonly Dictionary<string, NullResult> nulls = [];
    private int cappedFrames;

    /// <summary>Initializes a new instance of the <see cref="MetricsAccumulator"/> class.</summary>
    /// <param name="settings">How metrics are computed.</param>
    /// <param name="models">The classifiers (any may be null).</param>
    /// <param name="verbs">The verb extractor, or null to skip verb accuracy.</param>
    public MetricsAccumulator(EvaluationSettings settings, EvaluationModels models, VerbExtractor? verbs)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.models = models ?? throw new ArgumentNullException(nameof(models));
        this.verbs = verbs;
        ArgumentOutOfRangeException.ThrowIfNegative(settings.NullPermutations);
    }

    /// <summary>Gets the number of clips added.</summary>
    public int Clips { get; private set; }

    private bool WithNull => settings.NullPermutations > 0;

    private string SsimVariantKey => settings.Ssim.Variant == SsimVariant.Reference ? "reference" : "2d";

    /// <summary>Evaluates one clip.</summary>
    /// <exception cref="ArgumentException">Its truth and prediction do not line up (frame counts, sizes, mask lengths).</exception>
    public void Add(EvaluationClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        Clips++;
        if (clip.TruthFrames is { } truth && clip.PredictionFrames is { } prediction)
        {
            AddFrames(clip, truth, prediction);
        }

        if (clip.TruthCaption is { } gtCaption && clip.PredictionCaption is { } predCaption)
        {
            captions.Add((clip.ClipId, PtbTokenizer.TokenizeToString(gtCaption), PtbTokenizer.TokenizeToString(predCaption), gtCaption, predCaption));
        }

        if (clip.TruthMask is { } gtMask && clip.PredictionMask is { } predMask)
        {
            var authors = Dice.Authors(predMask, gtMask);
            var plain = Dice.Plain(predMask, gtMask);
            masks.Add((clip.ClipId, gtMask, predMask));
            rows.Add(ClipRow(MetricNames.Dice, "authors", clip.ClipId, -1, authors));
            rows.Add(ClipRow(MetricNames.Dice, "plain", clip.ClipId, -1, plain));
        }

        if (clip.TruthConcepts is { } labels && clip.PredictionConcepts is { } scores)
        {
            conceptLabels.Add(labels);
            conceptScores.Add(scores);
        }
    }

    /// <summary>Computes the corpus-level metrics, the aggregates and their nulls, and returns every row plus the summary.</summary>
    /// <param name="notes">Notes to carry into the summary (e.g. why a metric was skipped).</param>
    public EvaluationResult Complete(IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var allNotes = notes.ToList();
        var aggregates = new List<MetricRow>();
        AddFrameAggregates(aggregates, allNotes);
        AddNWay(aggregates);
        AddMeanStd(MetricNames.ClipPcc, "all_pairs", pccAll, aggregates, null);
        AddMeanStd(MetricNames.ClipPcc, "adjacent", pccAdjacent, aggregates, null);
        if (pccAll.Count > 0 && WithNull)
        {
            allNotes.Add("clip_pcc has no permutation null: it reads the predicted frames only, so pairing them with other clips cannot change it");
        }

        AddDice(aggregates);
        AddConceptRows(aggregates);
        AddCaptionRows(aggregates, allNotes);
        if (WithNull)
        {
            allNotes.Add(string.Create(CultureInfo.InvariantCulture, $"null: each metric recomputed with the predictions paired to other clips by {settings.NullPermutations} seeded random permutations (seed {settings.NullSeed}); p = (1 + #null >= observed) / (1 + permutations)"));
        }

        var all = rows.Concat(aggregates).ToList();
        return new EvaluationResult(all, MetricSummary.FromRows(aggregates, allNotes), new Dictionary<string, NullResult>(nulls));
    }

    private IReadOnlyList<int[]> Permutations(int count) => PermutationNull.Permutations(count, settings.NullPermutations, settings.NullSeed);

    /// <summary>Runs a metric family under the identity pairing and the null's permutations; one result per output of the family.</summary>
    private NullResult[]? NullOf(string metric, int count, int outputs, Func<int[], double[]> family)
    {
        if (!WithNull || count == 0)
        {
            return null;
        }

        var direction = MetricNames.DirectionOf(metric);
        var observed = family(PermutationNull.Identity(count));
        var values = Permutations(count).Select(family).ToList();
        return Enumerable.Range(0, outputs)
            .Select(o => PermutationNull.Compare(observed[o], values.Select(v => v[o]).ToList(), direction))
            .ToArray();
    }

    private void AddFrames(EvaluationClip clip, IReadOnlyList<RgbFrame> truth, IReadOnlyList<RgbFrame> prediction)
    {
        if (truth.Count != prediction.Count)
        {
            throw new ArgumentException($"clip {clip.ClipId}: {truth.Count} ground-truth frames but {prediction.Count} predicted", nameof(clip));
        }

        var index = frameClips.Count;
        var (ssimValues, psnrValues, capped) = CompareFrames(clip.ClipId, truth, prediction);
        cappedFrames += capped;
        framePairs[(index, index)] = (ssimValues, psnrValues);
        for (var f = 0; f < truth.Count; f++)
        {
            rows.Add(FrameRow(MetricNames.Ssim, SsimVariantKey, clip.ClipId, f, ssimValues[f]));
            rows.Add(FrameRow(MetricNames.Psnr, string.Empty, clip.ClipId, f, psnrValues[f]));
        }

        float[]? videoTruth = null, videoPrediction = null;
        if (models.Video is { } video)
        {
            var logits = video.Classify([truth, prediction]);
            (videoTruth, videoPrediction) = (logits[0], logits[1]);
        }

        float[][]? frameTruth = null, framePrediction = null;
        if (models.Frame is { } vit)
        {
            var logits = vit.Classify(truth.Concat(prediction).ToList());
            frameTruth = logits.Take(truth.Count).ToArray();
            framePrediction = logits.Skip(truth.Count).ToArray();
        }

        if (models.Clip is { } clipModel)
        {
            var embeddings = clipModel.Embed(prediction);
            var all = ClipPcc.AllPairs(embeddings);
            var adjacent = ClipPcc.Adjacent(embeddings);
            pccAll.Add(all);
            pccAdjacent.Add(adjacent);
            rows.Add(ClipRow(MetricNames.ClipPcc, "all_pairs", clip.ClipId, -1, all));
            rows.Add(ClipRow(MetricNames.ClipPcc, "adjacent", clip.ClipId, -1, adjacent));
        }

        frameClips.Add(new PairedFrames(
            clip.ClipId,
            clip.Index,
            WithNull ? truth : null,
            WithNull ? prediction : null,
            videoTruth,
            videoPrediction,
            frameTruth,
            framePrediction));
    }

    private (double[] Ssim, double[] Psnr, int Capped) CompareFrames(string clipId, IReadOnlyList<RgbFrame> truth, IReadOnlyList<RgbFrame> prediction)
    {
        var ssimValues = new double[truth.Count];
        var psnrValues = new double[truth.Count];
        var capped = 0;
        for (var f = 0; f < truth.Count; f++)
        {
            var (gt, pred) = (truth[f], prediction[f]);
            if (gt.Width != pred.Width || gt.Height != pred.Height)
            {
                throw new ArgumentException($"clip {clipId} frame {f}: ground truth is {gt.Width}×{gt.Height}, prediction {pred.Width}×{pred.Height}", nameof(prediction));
            }

            byte[] a = gt.Pixels, b = pred.Pixels;
            int w = gt.Width, h = gt.Height;
            if (settings.ReferenceGrid)
            {
                if (w != h)
                {
                    throw new ArgumentException($"clip {clipId}: the reference grid layout needs square frames, got {w}×{h}", nameof(prediction));
                }

                (a, b, w, h) = ReferenceGrid.Split(a, b, w);
            }

            ssimValues[f] = Ssim.Compute(Grayscale.FromRgb(b, w, h), Grayscale.FromRgb(a, w, h), settings.Ssim);
            var raw = Psnr.Compute(a, b);
            capped += double.IsPositiveInfinity(raw) ? 1 : 0;
            psnrValues[f] = Psnr.Cap(raw, settings.PsnrCapDb);
        }

        return (ssimValues, psnrValues, capped);
    }

    private (double[] Ssim, double[] Psnr) FramePair(int truth, int prediction)
    {
        if (!framePairs.TryGetValue((truth, prediction), out var values))
        {
            var t = frameClips[truth];
            var p = frameClips[prediction];
            var (s, q, _) = CompareFrames(t.ClipId, t.Truth!, p.Prediction!);
            values = (s, q);
            framePairs[(truth, prediction)] = values;
        }

        return values;
    }

    /// <summary>
    /// Fills <see cref="framePairs"/> with every (truth, prediction) pair the null's permutations ask for, ground-truth
    /// clip by clip on every core: each truth frame's gray image and filtered statistics are computed once for all its
    /// partners (<see cref="Ssim.Prepare"/>), with the same arithmetic as <see cref="CompareFrames"/>, so the values are
    /// those the null would compute pair by pair. Pairs of mismatched sizes are left to <see cref="FramePair"/>, which
    /// reports them.
    /// </summary>
    private void ComputeNullFramePairs(int count)
    {
        var partners = new List<int>[count];
        for (var t = 0; t < count; t++)
        {
            partners[t] = [];
        }

        var wanted = new HashSet<(int, int)>();
        foreach (var permutation in Permutations(count))
        {
            for (var t = 0; t < count; t++)
            {
                if (!framePairs.ContainsKey((t, permutation[t])) && wanted.Add((t, permutation[t])))
                {
                    partners[t].Add(permutation[t]);
                }
            }
        }

        var results = new (double[] Ssim, double[] Psnr)?[count][];
        Parallel.For(0, count, t => results[t] = ComparePartners(frameClips[t], partners[t]));
        for (var t = 0; t < count; t++)
        {
            for (var i = 0; i < partners[t].Count; i++)
            {
                if (results[t][i] is { } values)
                {
                    framePairs[(t, partners[t][i])] = values;
                }
            }
        }
    }

    private (double[] Ssim, double[] Psnr)?[] ComparePartners(PairedFrames truth, List<int> partners)
    {
        var results = new (double[] Ssim, double[] Psnr)?[partners.Count];
        var frames = truth.Truth!;
        if (settings.ReferenceGrid || partners.Count == 0)
        {
            // The grid layout pads each pair together: nothing to share between partners.
            for (var i = 0; i < partners.Count; i++)
            {
                var prediction = frameClips[partners[i]].Prediction!;
                if (SameSizes(frames, prediction))
                {
                    var (s, q, _) = CompareFrames(truth.ClipId, frames, prediction);
                    results[i] = (s, q);
                }
            }

            return results;
        }

        var sides = frames.Select(f => Ssim.Prepare(Grayscale.FromRgb(f.Pixels, f.Width, f.Height), settings.Ssim)).ToArray();
        double[]? gray = null;
        for (var i = 0; i < partners.Count; i++)
        {
            var prediction = frameClips[partners[i]].Prediction!;
            if (!SameSizes(frames, prediction))
            {
                continue;
            }

            var ssimValues = new double[frames.Count];
            var psnrValues = new double[frames.Count];
            for (var f = 0; f < frames.Count; f++)
            {
                var (gt, pred) = (frames[f], prediction[f]);
                gray = gray?.Length == pred.Width * pred.Height ? gray : new double[pred.Width * pred.Height];
                ssimValues[f] = Ssim.Compute(Grayscale.Into(pred.Pixels, pred.Width, pred.Height, gray), sides[f], settings.Ssim);
                psnrValues[f] = Psnr.Cap(Psnr.Compute(gt.Pixels, pred.Pixels), settings.PsnrCapDb);
            }

            results[i] = (ssimValues, psnrValues);
        }

        return results;
    }

    private static bool SameSizes(IReadOnlyList<RgbFrame> truth, IReadOnlyList<RgbFrame> prediction) =>
        truth.Count == prediction.Count && truth.Zip(prediction).All(p => p.First.Width == p.Second.Width && p.First.Height == p.Second.Height);

    private void AddFrameAggregates(List<MetricRow> aggregates, List<string> notes)
    {
        if (frameClips.Count == 0)
        {
            return;
        }

        var count = frameClips.Count;
        if (WithNull)
        {
            ComputeNullFramePairs(count);
        }

        var ssimNull = NullOf(MetricNames.Ssim, count, 2, pairing =>
        {
            var pairs = pairing.Select((p, t) => FramePair(t, p)).ToList();
            return [FrameAggregate.Of(pairs.Select(v => (IReadOnlyList<double>)v.Ssim).ToList()).Mean, FrameAggregate.Of(pairs.Select(v => (IReadOnlyList<double>)v.Psnr).ToList()).Mean];
        });
        var identity = Enumerable.Range(0, count).Select(i => framePairs[(i, i)]).ToList();
        var s = FrameAggregate.Of(identity.Select(v => (IReadOnlyList<double>)v.Ssim).ToList());
        aggregates.Add(Aggregate(MetricNames.Ssim, SsimVariantKey, s.Mean, s.Std, s.Videos, ssimNull?[0]));
        var p = FrameAggregate.Of(identity.Select(v => (IReadOnlyList<double>)v.Psnr).ToList());
        aggregates.Add(Aggregate(MetricNames.Psnr, string.Empty, p.Mean, p.Std, p.Videos, ssimNull?[1]));
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"PSNR of identical frames (+inf) is capped at {settings.PsnrCapDb} dB; {cappedFrames} of {count * identity[0].Psnr.Length} frames were capped"));
        framePairs.Clear();
    }

    private void AddNWay(List<MetricRow> aggregates)
    {
        var video = frameClips.Where(c => c.VideoTruth is not null).ToList();
        var frame = frameClips.Where(c => c.FrameTruth is not null).ToList();

        // The null pairs each side with many others: each clip's top classes, distractor pool and softmax are
        // computed once (the public SampleAccuracy computes the same per call), and the clips of a pairing run on
        // every core, their accuracies averaged in clip order.
        var videoSides = WithNull ? video.Select(c => NWaySides.Of([c.VideoTruth!], [c.VideoPrediction!], c.Index)).ToList() : [];
        var frameSides = WithNull ? frame.Select(c => NWaySides.Of(c.FrameTruth!, c.FramePrediction!, c.Index)).ToList() : [];
        foreach (var ways in settings.Ways)
        {
            if (video.Count > 0)
            {
                var samples = video.Select(c => new NWaySample(c.VideoTruth!, c.VideoPrediction!, c.Index)).ToList();
                var result = NWayTopOne.Evaluate(samples, ways, settings.Seed, settings.Trials);
                var nul = NullOf(MetricNames.VideoNWay, video.Count, 1, pairing => [PairedAccuracies(videoSides, pairing, ways, video: true).Average()]);
                AddNWayRows(MetricNames.VideoNWay, video.Select(c => (c.ClipId, -1)).ToList(), result, aggregates, nul?[0]);
            }

            if (frame.Count > 0)
            {
                var samples = frame.SelectMany(c => c.FrameTruth!.Select((l, f) => new NWaySample(l, c.FramePrediction![f], c.Index, f))).ToList();
                var result = NWayTopOne.Evaluate(samples, ways, settings.Seed, settings.Trials);
                var nul = NullOf(MetricNames.FrameNWay, frame.Count, 1, pairing => [PairedAccuracies(frameSides, pairing, ways, video: false).Average()]);
                AddNWayRows(MetricNames.FrameNWay, frame.SelectMany(c => c.FrameTruth!.Select((_, f) => (c.ClipId, f))).ToList(), result, aggregates, nul?[0]);
            }
        }
    }

    /// <summary>Every sample's accuracy under a pairing, in clip then frame order (frame −1 seeds a video-level sample).</summary>
    private double[] PairedAccuracies(List<NWaySides> sides, int[] pairing, int ways, bool video)
    {
        var perClip = new double[pairing.Length][];
        Parallel.For(0, pairing.Length, t =>
        {
            var (truth, prediction) = (sides[t], sides[pairing[t]]);
            var values = new double[truth.Classes.Length];
            for (var f = 0; f < values.Length; f++)
            {
                var random = new Random(NWayTopOne.TrialSeed(settings.Seed, truth.Index, video ? -1 : f, ways));
                values[f] = NWayTopOne.SampleAccuracy(truth.Classes[f], truth.Pools[f], prediction.Probabilities[f], ways, random, settings.Trials);
            }

            perClip[t] = values;
        });
        return [.. perClip.SelectMany(v => v)];
    }

    private void AddNWayRows(string metric, List<(string ClipId, int Frame)> ids, NWayResult result, List<MetricRow> aggregates, NullResult? nul)
    {
        var variant = string.Create(CultureInfo.InvariantCulture, $"n={result.Ways}");
        for (var i = 0; i < ids.Count; i++)
        {
            rows.Add(ClipRow(metric, variant, ids[i].ClipId, ids[i].Frame, result.PerSample[i], ids[i].Frame < 0 ? MetricRow.ClipLevel : MetricRow.FrameLevel));
        }

        aggregates.Add(Aggregate(metric, variant, result.Accuracy, result.Std, ids.Count, nul));
    }

    private void AddMeanStd(string metric, string variant, List<double> values, List<MetricRow> aggregates, NullResult? nul)
    {
        if (values.Count > 0)
        {
            var m = MeanStd.Of(values);
            aggregates.Add(Aggregate(metric, variant, m.Mean, m.Std, m.Count, nul));
        }
    }

    private void AddDice(List<MetricRow> aggregates)
    {
        var nul = NullOf(MetricNames.Dice, masks.Count, 2, pairing =>
        [
            pairing.Select((p, t) => Dice.Authors(masks[p].Prediction, masks[t].Truth)).Average(),
            pairing.Select((p, t) => Dice.Plain(masks[p].Prediction, masks[t].Truth)).Average(),
        ]);
        AddMeanStd(MetricNames.Dice, "authors", masks.Select(m => Dice.Authors(m.Prediction, m.Truth)).ToList(), aggregates, nul?[0]);
        AddMeanStd(MetricNames.Dice, "plain", masks.Select(m => Dice.Plain(m.Prediction, m.Truth)).ToList(), aggregates, nul?[1]);
    }

    private void AddConceptRows(List<MetricRow> aggregates)
    {
        if (conceptLabels.Count == 0)
        {
            return;
        }

        var recall = ConceptRecall.Compute(conceptScores, conceptLabels);
        var nul = NullOf(MetricNames.ConceptRecall, conceptLabels.Count, recall.Count, pairing =>
            ConceptRecall.Compute(pairing.Select(p => conceptScores[p]).ToList(), conceptLabels).Select(r => r.Recall).ToArray());
        for (var c = 0; c < recall.Count; c++)
        {
            var name = c < settings.ConceptNames.Count ? settings.ConceptNames[c] : string.Create(CultureInfo.InvariantCulture, $"concept_{c}");
            aggregates.Add(Aggregate(MetricNames.ConceptRecall, name, recall[c].Recall, double.NaN, recall[c].Positives, recall[c].Positives > 0 ? nul?[c] : null));
        }
    }

    private List<CaptionSample> Corpus(int[] pairing) =>
        pairing.Select((p, t) => new CaptionSample(captions[p].PredictionTokens, [captions[t].TruthTokens])).ToList();

    private void AddCaptionRows(List<MetricRow> aggregates, List<string> notes)
    {
        if (captions.Count == 0)
        {
            return;
        }

        var bleu = BleuScorer.Score(Corpus(PermutationNull.Identity(captions.Count)));
        var bleuNull = NullOf(MetricNames.Bleu, captions.Count, BleuScorer.MaxOrder, pairing => BleuScorer.Score(Corpus(pairing)).Bleu.ToArray());
        for (var n = 0; n < BleuScorer.MaxOrder; n++)
        {
            aggregates.Add(Aggregate(MetricNames.Bleu, (n + 1).ToString(CultureInfo.InvariantCulture), bleu.Bleu[n], double.NaN, captions.Count, bleuNull?[n]));
        }

        var cider = CiderDScorer.Score(Corpus(PermutationNull.Identity(captions.Count)));
        var ciderNull = NullOf(MetricNames.CiderD, captions.Count, 1, pairing => [CiderDScorer.Score(Corpus(pairing)).Corpus]);
        for (var i = 0; i < captions.Count; i++)
        {
            rows.Add(ClipRow(MetricNames.CiderD, string.Empty, captions[i].ClipId, -1, cider.PerItem[i]));
        }

        aggregates.Add(Aggregate(MetricNames.CiderD, string.Empty, cider.Corpus, MeanStd.Of(cider.PerItem).Std, captions.Count, ciderNull?[0]));
        if (captions.Count == 1)
        {
            notes.Add("CIDEr-D of a one-caption corpus is always 0 (its idf is ln 1)");
        }

        if (verbs is null)
        {
            return;
        }

        var truths = captions.Select(c => c.Truth).ToList();
        var verbResult = VerbAccuracy.Score(verbs, captions.Select(c => c.Prediction).ToList(), truths);
        if (verbResult.Counted == 0)
        {
            notes.Add("verb accuracy: no ground-truth caption has a verb");
            return;
        }

        var verbNull = NullOf(MetricNames.VerbAccuracy, captions.Count, 2, pairing =>
        {
            var r = VerbAccuracy.Score(verbs, pairing.Select(p => captions[p].Prediction).ToList(), truths);
            return [r.Accuracy, r.FirstVerbAccuracy];
        });
        aggregates.Add(Aggregate(MetricNames.VerbAccuracy, "any", verbResult.Accuracy, double.NaN, verbResult.Counted, verbNull?[0]));
        aggregates.Add(Aggregate(MetricNames.VerbAccuracy, "first", verbResult.FirstVerbAccuracy, double.NaN, verbResult.Counted, verbNull?[1]));
    }

    private MetricRow ClipRow(string metric, string variant, string clipId, int frame, double value, string level = MetricRow.ClipLevel) => new()
    {
        Metric = metric,
        Variant = variant,
        Comparison = settings.Comparison,
        Prediction = settings.Prediction,
        Subject = settings.Subject,
        Level = level,
        ClipId = clipId,
        Frame = frame,
        Value = value,
    };

    private MetricRow FrameRow(string metric, string variant, string clipId, int frame, double value) =>
        ClipRow(metric, variant, clipId, frame, value, MetricRow.FrameLevel);

    private MetricRow Aggregate(string metric, string variant, double value, double std, int count, NullResult? nul)
    {
        if (nul is not null)
        {
            nulls[EvaluationResult.Key(metric, variant)] = nul;
        }

        return new MetricRow
        {
            Metric = metric,
            Variant = variant,
            Comparison = settings.Comparison,
            Prediction = settings.Prediction,
            Subject = settings.Subject,
            Level = MetricRow.AggregateLevel,
            Value = value,
            Std = std,
            Count = count,
            NullMean = nul?.Mean ?? double.NaN,
            NullStd = nul?.Std ?? double.NaN,
            PValue = nul?.PValue ?? double.NaN,
            NullPermutations = nul?.Permutations ?? 0,
        };
    }
}
