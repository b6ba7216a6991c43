using System.Globalization;
using Neurons.Data.Tables;
using Neurons.Evaluation.Captions;
using Neurons.Evaluation.Classification;
using Neurons.Evaluation.Frames;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Segmentation;
using Neurons.Evaluation.Summary;

namespace Neurons.Evaluation.Runs;

/// <summary>
/// Computes every metric its inputs allow, one clip at a time (frames are not kept), then the
/// aggregates as NEURONS reports them. Produces the rows of the <c>metrics</c> table and its summary.
/// </summary>
public sealed class MetricsAccumulator
{
    private readonly EvaluationSettings settings;
    private readonly EvaluationModels models;
    private readonly VerbExtractor? verbs;
    private readonly List<MetricRow> rows = [];
    private readonly List<double[]> ssim = [];
    private readonly List<double[]> psnr = [];
    private readonly List<NWaySample> videoSamples = [];
    private readonly List<NWaySample> frameSamples = [];
    private readonly List<double> pccAll = [];
    private readonly List<double> pccAdjacent = [];
    private readonly List<double> diceAuthors = [];
    private readonly List<double> dicePlain = [];
    private readonly List<(string ClipId, CaptionSample Sample, string Truth, string Prediction)> captions = [];
    private readonly List<IReadOnlyList<double>> conceptScores = [];
    private readonly List<IReadOnlyList<bool>> conceptLabels = [];
    private readonly List<(string Metric, string ClipId, int Frame)> sampleIds = [];
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
    }

    /// <summary>Gets the number of clips added.</summary>
    public int Clips { get; private set; }

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
            var sample = new CaptionSample(PtbTokenizer.TokenizeToString(predCaption), [PtbTokenizer.TokenizeToString(gtCaption)]);
            captions.Add((clip.ClipId, sample, gtCaption, predCaption));
        }

        if (clip.TruthMask is { } gtMask && clip.PredictionMask is { } predMask)
        {
            var authors = Dice.Authors(predMask, gtMask);
            var plain = Dice.Plain(predMask, gtMask);
            diceAuthors.Add(authors);
            dicePlain.Add(plain);
            rows.Add(ClipRow(MetricNames.Dice, "authors", clip.ClipId, -1, authors));
            rows.Add(ClipRow(MetricNames.Dice, "plain", clip.ClipId, -1, plain));
        }

        if (clip.TruthConcepts is { } labels && clip.PredictionConcepts is { } scores)
        {
            conceptLabels.Add(labels);
            conceptScores.Add(scores);
        }
    }

    /// <summary>Computes the corpus-level metrics and aggregates, and returns every row plus the summary.</summary>
    /// <param name="notes">Notes to carry into the summary (e.g. why a metric was skipped).</param>
    public (IReadOnlyList<MetricRow> Rows, MetricSummary Summary) Complete(IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var allNotes = notes.ToList();
        var aggregates = new List<MetricRow>();
        if (ssim.Count > 0)
        {
            var s = FrameAggregate.Of(ssim);
            aggregates.Add(Aggregate(MetricNames.Ssim, SsimVariantKey, s.Mean, s.Std, s.Videos));
            var p = FrameAggregate.Of(psnr);
            aggregates.Add(Aggregate(MetricNames.Psnr, string.Empty, p.Mean, p.Std, p.Videos));
            allNotes.Add(string.Create(CultureInfo.InvariantCulture, $"PSNR of identical frames (+inf) is capped at {settings.PsnrCapDb} dB; {cappedFrames} of {psnr.Count * psnr[0].Length} frames were capped"));
        }

        foreach (var ways in settings.Ways)
        {
            if (videoSamples.Count > 0)
            {
                var r = NWayTopOne.Evaluate(videoSamples, ways, settings.Seed, settings.Trials);
                AddNWayRows(MetricNames.VideoNWay, videoSamples, r, aggregates);
            }

            if (frameSamples.Count > 0)
            {
                var r = NWayTopOne.Evaluate(frameSamples, ways, settings.Seed, settings.Trials);
                AddNWayRows(MetricNames.FrameNWay, frameSamples, r, aggregates);
            }
        }

        AddMeanStd(MetricNames.ClipPcc, "all_pairs", pccAll, aggregates);
        AddMeanStd(MetricNames.ClipPcc, "adjacent", pccAdjacent, aggregates);
        AddMeanStd(MetricNames.Dice, "authors", diceAuthors, aggregates);
        AddMeanStd(MetricNames.Dice, "plain", dicePlain, aggregates);
        AddConceptRows(aggregates);
        AddCaptionRows(aggregates, allNotes);

        var all = rows.Concat(aggregates).ToList();
        return (all, MetricSummary.FromRows(aggregates, allNotes));
    }

    private string SsimVariantKey => settings.Ssim.Variant == SsimVariant.Reference ? "reference" : "2d";

    private void AddFrames(EvaluationClip clip, IReadOnlyList<RgbFrame> truth, IReadOnlyList<RgbFrame> prediction)
    {
        if (truth.Count != prediction.Count)
        {
            throw new ArgumentException($"clip {clip.ClipId}: {truth.Count} ground-truth frames but {prediction.Count} predicted", nameof(clip));
        }

        var ssimValues = new double[truth.Count];
        var psnrValues = new double[truth.Count];
        for (var f = 0; f < truth.Count; f++)
        {
            var (gt, pred) = (truth[f], prediction[f]);
            if (gt.Width != pred.Width || gt.Height != pred.Height)
            {
                throw new ArgumentException($"clip {clip.ClipId} frame {f}: ground truth is {gt.Width}×{gt.Height}, prediction {pred.Width}×{pred.Height}", nameof(clip));
            }

            byte[] a = gt.Pixels, b = pred.Pixels;
            int w = gt.Width, h = gt.Height;
            if (settings.ReferenceGrid)
            {
                if (w != h)
                {
                    throw new ArgumentException($"clip {clip.ClipId}: the reference grid layout needs square frames, got {w}×{h}", nameof(clip));
                }

                (a, b, w, h) = ReferenceGrid.Split(a, b, w);
            }

            ssimValues[f] = Ssim.Compute(Grayscale.FromRgb(b, w, h), Grayscale.FromRgb(a, w, h), settings.Ssim);
            var raw = Psnr.Compute(a, b);
            cappedFrames += double.IsPositiveInfinity(raw) ? 1 : 0;
            psnrValues[f] = Psnr.Cap(raw, settings.PsnrCapDb);
            rows.Add(FrameRow(MetricNames.Ssim, SsimVariantKey, clip.ClipId, f, ssimValues[f]));
            rows.Add(FrameRow(MetricNames.Psnr, string.Empty, clip.ClipId, f, psnrValues[f]));
        }

        ssim.Add(ssimValues);
        psnr.Add(psnrValues);

        if (models.Video is { } video)
        {
            var logits = video.Classify([truth, prediction]);
            videoSamples.Add(new NWaySample(logits[0], logits[1], clip.Index));
            sampleIds.Add((MetricNames.VideoNWay, clip.ClipId, -1));
        }

        if (models.Frame is { } vit)
        {
            var logits = vit.Classify(truth.Concat(prediction).ToList());
            for (var f = 0; f < truth.Count; f++)
            {
                frameSamples.Add(new NWaySample(logits[f], logits[truth.Count + f], clip.Index, f));
                sampleIds.Add((MetricNames.FrameNWay, clip.ClipId, f));
            }
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
    }

    private void AddNWayRows(string metric, List<NWaySample> samples, NWayResult result, List<MetricRow> aggregates)
    {
        var variant = string.Create(CultureInfo.InvariantCulture, $"n={result.Ways}");
        var ids = sampleIds.Where(c => c.Metric == metric).ToList();
        for (var i = 0; i < samples.Count; i++)
        {
            rows.Add(new MetricRow
            {
                Metric = metric,
                Variant = variant,
                Comparison = settings.Comparison,
                Level = ids[i].Frame < 0 ? MetricRow.ClipLevel : MetricRow.FrameLevel,
                ClipId = ids[i].ClipId,
                Frame = ids[i].Frame,
                Value = result.PerSample[i],
            });
        }

        aggregates.Add(Aggregate(metric, variant, result.Accuracy, result.Std, samples.Count));
    }

    private void AddMeanStd(string metric, string variant, List<double> values, List<MetricRow> aggregates)
    {
        if (values.Count > 0)
        {
            var m = MeanStd.Of(values);
            aggregates.Add(Aggregate(metric, variant, m.Mean, m.Std, m.Count));
        }
    }

    private void AddConceptRows(List<MetricRow> aggregates)
    {
        if (conceptLabels.Count == 0)
        {
            return;
        }

        var recall = ConceptRecall.Compute(conceptScores, conceptLabels);
        for (var c = 0; c < recall.Count; c++)
        {
            var name = c < settings.ConceptNames.Count ? settings.ConceptNames[c] : string.Create(CultureInfo.InvariantCulture, $"concept_{c}");
            aggregates.Add(Aggregate(MetricNames.ConceptRecall, name, recall[c].Recall, double.NaN, recall[c].Positives));
        }
    }

    private void AddCaptionRows(List<MetricRow> aggregates, List<string> notes)
    {
        if (captions.Count == 0)
        {
            return;
        }

        var corpus = captions.Select(c => c.Sample).ToList();
        var bleu = BleuScorer.Score(corpus);
        for (var n = 0; n < BleuScorer.MaxOrder; n++)
        {
            aggregates.Add(Aggregate(MetricNames.Bleu, (n + 1).ToString(CultureInfo.InvariantCulture), bleu.Bleu[n], double.NaN, captions.Count));
        }

        var cider = CiderDScorer.Score(corpus);
        for (var i = 0; i < captions.Count; i++)
        {
            rows.Add(ClipRow(MetricNames.CiderD, string.Empty, captions[i].ClipId, -1, cider.PerItem[i]));
        }

        aggregates.Add(Aggregate(MetricNames.CiderD, string.Empty, cider.Corpus, MeanStd.Of(cider.PerItem).Std, captions.Count));
        if (captions.Count == 1)
        {
            notes.Add("CIDEr-D of a one-caption corpus is always 0 (its idf is ln 1)");
        }

        if (verbs is null)
        {
            return;
        }

        var verbResult = VerbAccuracy.Score(verbs, captions.Select(c => c.Prediction).ToList(), captions.Select(c => c.Truth).ToList());
        if (verbResult.Counted == 0)
        {
            notes.Add("verb accuracy: no ground-truth caption has a verb");
            return;
        }

        aggregates.Add(Aggregate(MetricNames.VerbAccuracy, "any", verbResult.Accuracy, double.NaN, verbResult.Counted));
        aggregates.Add(Aggregate(MetricNames.VerbAccuracy, "first", verbResult.FirstVerbAccuracy, double.NaN, verbResult.Counted));
    }

    private MetricRow ClipRow(string metric, string variant, string clipId, int frame, double value, string level = MetricRow.ClipLevel) => new()
    {
        Metric = metric,
        Variant = variant,
        Comparison = settings.Comparison,
        Level = level,
        ClipId = clipId,
        Frame = frame,
        Value = value,
    };

    private MetricRow FrameRow(string metric, string variant, string clipId, int frame, double value) =>
        ClipRow(metric, variant, clipId, frame, value, MetricRow.FrameLevel);

    private MetricRow Aggregate(string metric, string variant, double value, double std, int count) => new()
    {
        Metric = metric,
        Variant = variant,
        Comparison = settings.Comparison,
        Level = MetricRow.AggregateLevel,
        Value = value,
        Std = std,
        Count = count,
    };
}
