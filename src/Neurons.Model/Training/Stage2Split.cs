using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// One split's stage-2 tensors, clip-aligned (row i of every tensor is clip i); takes ownership of them.
/// </summary>
public sealed class Stage2Split : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="Stage2Split"/> class and checks that the shapes agree.</summary>
    /// <param name="voxels">Voxels [n, V] float32 (training repetition, or the mean of the test repetitions).</param>
    /// <param name="tokens">CLIP image tokens of all frames [n, F, N, D] (float16 or float32).</param>
    /// <param name="text">Caption CLIP text embeddings [n, T].</param>
    /// <param name="keyText">CLIP text embeddings of the key-object names [n, T] (zeros for clips without one).</param>
    /// <param name="masks">Key-object masks nearest-resized to the decoder side [n, F, S, S] (uint8 0/1 or float).</param>
    /// <param name="latents">VAE latents [n, F, C, h, w].</param>
    /// <param name="concepts">Concept multi-hot [n, K] (float 0/1).</param>
    /// <param name="captionIds">Caption target ids [n, L] int64 (pad = the captioner's ignore id).</param>
    public Stage2Split(Tensor voxels, Tensor tokens, Tensor text, Tensor keyText, Tensor masks, Tensor latents, Tensor concepts, Tensor captionIds)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keyText);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(captionIds);
        Voxels = voxels;
        Tokens = tokens;
        Text = text;
        KeyText = keyText;
        Masks = masks;
        Latents = latents;
        Concepts = concepts;
        CaptionIds = captionIds;
        var n = voxels.shape[0];
        Require(voxels.dim() == 2, $"voxels must be [n, V], got {Shape(voxels)}");
        Require(tokens.dim() == 4 && tokens.shape[0] == n, $"tokens must be [{n}, F, N, D], got {Shape(tokens)}");
        var f = tokens.shape[1];
        Require(text.dim() == 2 && text.shape[0] == n, $"text must be [{n}, T], got {Shape(text)}");
        Require(keyText.dim() == 2 && keyText.shape[0] == n && keyText.shape[1] == text.shape[1], $"key-object text must be [{n}, {text.shape[1]}], got {Shape(keyText)}");
        Require(masks.dim() == 4 && masks.shape[0] == n && masks.shape[1] == f && masks.shape[2] == masks.shape[3], $"masks must be [{n}, {f}, S, S], got {Shape(masks)}");
        Require(latents.dim() == 5 && latents.shape[0] == n && latents.shape[1] == f, $"latents must be [{n}, {f}, C, h, w], got {Shape(latents)}");
        Require(concepts.dim() == 2 && concepts.shape[0] == n, $"concepts must be [{n}, K], got {Shape(concepts)}");
        Require(captionIds.dim() == 2 && captionIds.shape[0] == n && captionIds.dtype == ScalarType.Int64, $"caption ids must be int64 [{n}, L], got {captionIds.dtype} {Shape(captionIds)}");
    }

    /// <summary>Gets the number of clips.</summary>
    public int Count => (int)Voxels.shape[0];

    /// <summary>Gets the voxels [n, V].</summary>
    public Tensor Voxels { get; }

    /// <summary>Gets the image tokens [n, F, N, D].</summary>
    public Tensor Tokens { get; }

    /// <summary>Gets the caption embeddings [n, T].</summary>
    public Tensor Text { get; }

    /// <summary>Gets the key-object name embeddings [n, T].</summary>
    public Tensor KeyText { get; }

    /// <summary>Gets the key-object masks at the decoder side [n, F, S, S].</summary>
    public Tensor Masks { get; }

    /// <summary>Gets the VAE latents [n, F, C, h, w].</summary>
    public Tensor Latents { get; }

    /// <summary>Gets the concept multi-hot [n, K].</summary>
    public Tensor Concepts { get; }

    /// <summary>Gets the caption target ids [n, L].</summary>
    public Tensor CaptionIds { get; }

    /// <summary>Gathers clips into a float32 batch on a device (caller disposes, or a dispose scope does).</summary>
    public Stage2Batch Select(ReadOnlySpan<int> clips, Device device)
    {
        var idx = tensor(clips.ToArray().Select(i => (long)i).ToArray(), dtype: ScalarType.Int64);
        using var __ = idx;
        Tensor Take(Tensor t, ScalarType type) => t.index_select(0, idx).to(type, device);
        return new Stage2Batch(
            Take(Voxels, ScalarType.Float32),
            Take(Tokens, ScalarType.Float32),
            Take(Text, ScalarType.Float32),
            Take(KeyText, ScalarType.Float32),
            Take(Masks, ScalarType.Float32),
            Take(Latents, ScalarType.Float32),
            Take(Concepts, ScalarType.Float32),
            Take(CaptionIds, ScalarType.Int64));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Voxels.Dispose();
        Tokens.Dispose();
        Text.Dispose();
        KeyText.Dispose();
        Masks.Dispose();
        Latents.Dispose();
        Concepts.Dispose();
        CaptionIds.Dispose();
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"stage-2 data: {message}");
        }
    }
}
