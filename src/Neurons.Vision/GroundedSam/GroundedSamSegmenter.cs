using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
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
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(caption);
        if (caption.Phrases.Count == 0)
        {
            return [];
        }

        using var text = new CaptionInputs(caption);
        var img = detector.PrepareInput(frame);
        IReadOnlyList<GroundingDetection> detections;
        try
        {
            detections = detector.Detect(img, text, frame.Width, frame.Height);
        }
        finally
        {
            detector.ReleaseInput(img);
        }

        if (detections.Count == 0)
        {
            return [];
        }

        var input = sam.PrepareInput(frame);
        try
        {
            return Masks(frame, detections, input);
        }
        finally
        {
            sam.ReleaseInput(input);
        }
    }

    /// <summary>
    /// Segments the frames of one clip in order, as <see cref="Segment(RgbImage, GroundingCaption)"/> does each, while
    /// preparing the next frame's inputs (Grounding DINO's and SAM's) on another thread during the current frame's
    /// model runs. Input tensors are pooled: a clip of any length holds at most two frames' inputs. SAM's input is
    /// prepared for every frame, also one on which nothing is detected (its encoder then does not run).
    /// </summary>
    public IEnumerable<IReadOnlyList<SegmentedObject>> SegmentMany(IEnumerable<RgbImage> frames, GroundingCaption caption, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(caption);
        if (caption.Phrases.Count == 0)
        {
            return frames.Select(_ => (IReadOnlyList<SegmentedObject>)[]);
        }

        return SegmentPipelined(frames, caption, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        detector.Dispose();
        sam.Dispose();
    }

    private IEnumerable<IReadOnlyList<SegmentedObject>> SegmentPipelined(IEnumerable<RgbImage> frames, GroundingCaption caption, CancellationToken cancellationToken)
    {
        using var text = new CaptionInputs(caption);
        foreach (var result in Pipelined.Run(frames, Prepare, (frame, inputs) => Run(frame, inputs, text), Release, cancellationToken))
        {
            yield return result;
        }
    }

    private (TensorBuffer Detector, TensorBuffer Sam) Prepare(RgbImage frame)
    {
        var img = detector.PrepareInput(frame);
        try
        {
            return (img, sam.PrepareInput(frame));
        }
        catch
        {
            detector.ReleaseInput(img);
            throw;
        }
    }

    private void Release((TensorBuffer Detector, TensorBuffer Sam) inputs)
    {
        detector.ReleaseInput(inputs.Detector);
        sam.ReleaseInput(inputs.Sam);
    }

    private IReadOnlyList<SegmentedObject> Run(RgbImage frame, (TensorBuffer Detector, TensorBuffer Sam) inputs, CaptionInputs text)
    {
        var detections = detector.Detect(inputs.Detector, text, frame.Width, frame.Height);
        return detections.Count == 0 ? [] : Masks(frame, detections, inputs.Sam);
    }

    /// <summary>Encodes the frame once and decodes one mask per detection from the encoder's output in place.</summary>
    private List<SegmentedObject> Masks(RgbImage frame, IReadOnlyList<GroundingDetection> detections, TensorBuffer samInput)
    {
        using var embedding = sam.RunEncoder(samInput);
        var (_, _, scale) = SamSegmenter.ResizedSize(frame.Width, frame.Height, sam.LongSide);
        var result = new List<SegmentedObject>(detections.Count);
        foreach (var d in detections)
        {
            result.Add(new SegmentedObject(d.Phrase, d.Box, d.Score, sam.Decode(embedding[0], frame.Width, frame.Height, scale, d.Box)));
        }

        return result;
    }
}
