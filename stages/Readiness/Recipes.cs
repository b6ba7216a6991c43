namespace Neurons.Stages.Readiness;

/// <summary>Where each requirement's fix is documented (docs/models.md sections).</summary>
internal static class Recipes
{
    public const string GroundingDino = "docs/models.md#grounding-dino-segment";
    public const string Sam = "docs/models.md#sam-segment";
    public const string ClipImage = "docs/models.md#clip-image-tokens-targets";
    public const string ClipText = "docs/models.md#clip-text-targets";
    public const string VaeEncoder = "docs/models.md#sd-15-vae-encoder-targets";
    public const string VaeDecoder = "docs/models.md#sd-vae-decoder-decode";
    public const string VideoGraphs = "docs/models.md#text-to-video-graphs-generate";
    public const string Classifiers = "docs/models.md#classifiers-evaluate";
    public const string Vlm = "docs/models.md#vlm-server-annotate-concepts";
    public const string Ffmpeg = "docs/models.md#ffmpeg";
    public const string Gpu = "docs/models.md#execution-providers-and-the-gpu-build";
    public const string DataFiles = "docs/models.md#configuration-and-training-files";
}
