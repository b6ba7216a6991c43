namespace Neurons.Bench.Scale;

/// <summary>
/// One real model's compute per clip in the data-preparation half, for the projection: calls per clip and an estimate of
/// the floating-point work of one call, with where the estimate comes from (docs/scale.md lists them).
/// </summary>
/// <param name="Stage">The stage that calls it.</param>
/// <param name="Model">The model and its input size.</param>
/// <param name="CallsPerClip">Calls per 2-s clip with the stage's default parameters.</param>
/// <param name="TflopPerCall">Floating-point work of one call, in TFLOP (10¹² operations).</param>
/// <param name="Basis">How the estimate was derived.</param>
internal sealed record GpuModelCost(string Stage, string Model, double CallsPerClip, double TflopPerCall, string Basis)
{
    /// <summary>
    /// The models of the segment and targets stages at their stage.yaml defaults (all six frames of a clip; about three
    /// objects a clip, as the mini scenes have one or two plus the ground).
    /// </summary>
    public static IReadOnlyList<GpuModelCost> DataPreparation { get; } =
    [
        new("segment", "Grounding DINO Swin-T at 800×1333", 6, 0.5, "Swin-T 4.5 GMAC at 224² scaled by pixels (×21) ≈ 0.19 TFLOP, plus the BERT text branch and the 6+6-layer deformable encoder/decoder over ~20k tokens ≈ 0.3 TFLOP"),
        new("segment", "SAM ViT-B image encoder at 1024²", 6, 0.95, "2 × 89 M parameters × 4,096 tokens ≈ 0.73 TFLOP, plus global attention in 4 of 12 blocks (4 × 4 × 4,096² × 768 ≈ 0.21 TFLOP)"),
        new("segment", "SAM mask decoder", 18, 0.005, "~4 M parameters; two-way attention over 4,096 image tokens: a few GFLOP a prompt"),
        new("targets", "OpenCLIP ViT-bigG-14 image tokens at 224²", 6, 0.95, "2 × ~1.84 B visual parameters × 257 tokens (parameter count unverified, as spec notes)"),
        new("targets", "OpenCLIP ViT-bigG-14 text (77 tokens)", 2, 0.11, "2 × ~0.69 B text parameters × 77 tokens (caption and key object)"),
        new("targets", "SD VAE encoder at 224²", 6, 0.19, "~1 TFLOP at 512² (3×3 convolutions of 128–512 channels at 512², 256², 128², 64²) scaled by pixels (×0.19)"),
    ];

    /// <summary>Gets the work per clip in TFLOP.</summary>
    public double TflopPerClip => CallsPerClip * TflopPerCall;
}
