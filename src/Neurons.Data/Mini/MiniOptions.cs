namespace Neurons.Data.Mini;

/// <summary>Parameters of the synthetic mini subset (set under <c>dataset:</c> in <c>pipeline.yaml</c>).</summary>
public sealed record MiniOptions
{
    /// <summary>Gets the seed of every random choice. <value>Default 7.</value></summary>
    public int Seed { get; init; } = 7;

    /// <summary>Gets the TRs (2-s clips) per movie segment; the real data has 240. <value>Default 24.</value></summary>
    public int TrsPerSegment { get; init; } = 24;

    /// <summary>Gets the number of training segments (<c>seg1…</c>); six give the reproducibility t-test 5 degrees of freedom. <value>Default 6.</value></summary>
    public int TrainSegments { get; init; } = 6;

    /// <summary>Gets the number of test segments (<c>test1…</c>, at most 5). <value>Default 1.</value></summary>
    public int TestSegments { get; init; } = 1;

    /// <summary>Gets the number of subjects. <value>Default 1.</value></summary>
    public int Subjects { get; init; } = 1;

    /// <summary>Gets the source movie width (16:9, so slicing's squash is exercised). <value>Default 320.</value></summary>
    public int Width { get; init; } = 320;

    /// <summary>Gets the source movie height. <value>Default 180.</value></summary>
    public int Height { get; init; } = 180;

    /// <summary>Gets the left-cortex vertex count of the CIFTI files. <value>Default 96.</value></summary>
    public int LeftVertices { get; init; } = 96;

    /// <summary>Gets the right-cortex vertex count. <value>Default 104.</value></summary>
    public int RightVertices { get; init; } = 104;

    /// <summary>Gets the most vertices per hemisphere: the fs_LR 32k surface the CIFTI files index into.</summary>
    public const int SurfaceVertices = 32492;

    /// <summary>
    /// Gets the full cc2017 geometry (docs/scale.md): 18 training and 5 test segments of 240 TRs (8 min of 30-fps
    /// video each), 3 subjects, CIFTI runs of 29,696 + 29,716 = 59,412 cortical vertices. The movies are 16:9 at
    /// 640×360, squashed to the clip size by slicing as the authors' ffmpeg <c>scale</c> does (the stimuli's native
    /// resolution is not verified).
    /// </summary>
    public static MiniOptions FullGeometry { get; } = new()
    {
        TrsPerSegment = 240,
        TrainSegments = 18,
        TestSegments = 5,
        Subjects = 3,
        Width = 640,
        Height = 360,
        LeftVertices = 29696,
        RightVertices = 29716,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range option.</summary>
    public void Validate()
    {
        Check(TrsPerSegment is >= 1 and <= 240, "trs must be between 1 and 240");
        Check(TrainSegments is >= 1 and <= 18, "train_segments must be between 1 and 18");
        Check(TestSegments is >= 1 and <= 5, "test_segments must be between 1 and 5");
        Check(Subjects is >= 1 and <= 3, "subjects must be between 1 and 3");
        Check(Width >= 64 && Height >= 64 && Width % 2 == 0 && Height % 2 == 0, "width and height must be even and at least 64");
        Check(LeftVertices >= 8 && RightVertices >= 8, "vertex counts must be at least 8");
        Check(LeftVertices <= SurfaceVertices && RightVertices <= SurfaceVertices, $"vertex counts must be at most {SurfaceVertices} (the fs_LR 32k surface)");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
