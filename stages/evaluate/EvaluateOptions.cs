namespace Neurons.Stages.Evaluate;

/// <summary>The parameters of the <c>evaluate</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record EvaluateOptions
{
    /// <summary>Gets the split whose clips are evaluated. <value><c>test</c>.</value></summary>
    public string Split { get; init; } = "test";

    /// <summary>Gets what is compared. <value><c>pred_vs_gt</c> (the decoded outputs against the ground truth); also <c>gt_vs_gt</c> (the sanity run).</value></summary>
    public string Comparison { get; init; } = "pred_vs_gt";

    /// <summary>Gets the permutations of the null beside every paired metric (0 = none). <value>100.</value></summary>
    public int NullPermutations { get; init; } = 100;

    /// <summary>Gets the seed of the null's permutations. <value>0.</value></summary>
    public int NullSeed { get; init; }

    /// <summary>Gets the SSIM variant. <value><c>reference</c> (the NEURONS column-wise quirk); also <c>2d</c>.</value></summary>
    public string SsimVariant { get; init; } = "reference";

    /// <summary>Gets the frame layout. <value><c>plain</c>; also <c>reference_grid</c>.</value></summary>
    public string FrameLayout { get; init; } = "plain";

    /// <summary>Gets the PSNR given to identical frames. <value>100 dB.</value></summary>
    public double PsnrCapDb { get; init; } = 100.0;

    /// <summary>Gets the base seed of the N-way trials. <value>0.</value></summary>
    public int Seed { get; init; }

    /// <summary>Gets the N-way trials per clip. <value>100.</value></summary>
    public int Trials { get; init; } = 100;

    /// <summary>Gets the N of the N-way tests, as written in the configuration. <value>2 and 50.</value></summary>
    public IReadOnlyList<string> Ways { get; init; } = ["2", "50"];

    /// <summary>Gets the VideoMAE ONNX file. <value>Empty (video N-way skipped).</value></summary>
    public string VideomaeModel { get; init; } = string.Empty;

    /// <summary>Gets the ViT-B/16 ONNX file. <value>Empty (frame N-way skipped).</value></summary>
    public string VitModel { get; init; } = string.Empty;

    /// <summary>Gets the CLIP ViT-L/14 image ONNX file. <value>Empty (CLIP-pcc skipped).</value></summary>
    public string ClipModel { get; init; } = string.Empty;

    /// <summary>Gets the WordNet directory holding <c>index.verb</c> and <c>verb.exc</c> for verb accuracy.</summary>
    /// <value><c>../../wordnet</c> (relative to the stage folder: the repository's <c>wordnet/</c>, which vendors them); empty = the built-in copy next to the assembly.</value>
    public string WordnetDir { get; init; } = "../../wordnet";
}
