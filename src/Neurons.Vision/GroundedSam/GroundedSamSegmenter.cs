using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Sam;
using Neurons.Vision.Text;

namespace Neurons.Vision.GroundedSam;

/// <summary>
/// Grounded-SAM: Grounding DINO finds the best box per object name, SAM turns each box into a mask.
/// The SAM encoder runs once per frame (only when something was detected), the decoder once per object.
/// </summary>
public sealed class GroundedSamSegmenter : IDisposable
{
    private readonly GroundingDinoDetector detector;
    private readonly SamSegmenter sam;

    /// <summary>Initializes a new instance of the <see cref="GroundedSamSegmenter"/> class; it owns both models.</summary>
    public GroundedSamSegmenter(GroundingDinoDetector detector, SamSegmenter sam)
    {
        this.detector = detector;
        this.sam = sam;
    }

    /// <summary>Gets the detector.</summary>
    public GroundingDinoDetector Detector => detector;

    /// <summary>Gets the SAM wrapper.</summary>
    public SamSegmenter Sam => sam;

    /// <summary>Builds the caption for a set of object names (once per clip).</summary>
    public GroundingCaption Caption(IEnumerable<string> objectNames) => detector.Tokenizer.Encode(objectNames);

    /// <summary>Detects and segments every phrase of <paramref name="caption"/> on one frame.</summary>
    public IReadOnlyList<SegmentedObject> Segment(RgbImage frame, GroundingCaption caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        if (caption.Phrases.Count == 0)
        {
            return [];
        }

        var detections = detector.Detect(frame, caption);
        if (detections.Count == 0)
        {
            return [];
        }

        var embedding = sam.Encode(frame);
        var result = new List<SegmentedObject>(detections.Count);
        foreach (var d in detections)
        {
            result.Add(new SegmentedObject(d.Phrase, d.Box, d.Score, sam.Decode(embedding, d.Box)));
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        detector.Dispose();
        sam.Dispose();
    }
}
