using System.Runtime.InteropServices;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Model.Captioning;
using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Datasets;

/// <summary>
/// Builds one subject's stage-2 splits from the tables: voxels from <c>fmri</c> (training repetition 0; the test
/// repetitions averaged), image tokens of all frames, caption and key-object text and VAE latents from
/// <c>targets</c> (streamed a row group at a time into preallocated float16 tensors), key-object masks from
/// <c>keyobjects</c> nearest-resized to the decoder side, the concept multi-hot from <c>concepts</c>, and the caption
/// target ids from the caption tokenizer. Clips are in split order; every clip with fMRI must have every target.
/// </summary>
public static class DecouplerData
{
    /// <summary>Reads one subject's training and test splits (clips in split order).</summary>
    /// <param name="subject">The subject's fMRI rows.</param>
    /// <param name="targets">The <c>targets</c> shards.</param>
    /// <param name="keyObjects">The <c>keyobjects</c> shards.</param>
    /// <param name="concepts">The <c>concepts</c> shards.</param>
    /// <param name="tokenizer">The caption tokenizer of the captioner.</param>
    /// <param name="captionLength">Caption ids per clip (cut or padded).</param>
    /// <param name="frames">Frames per clip (every one must be stored in the targets).</param>
    /// <param name="side">The decoder's mask side.</param>
    /// <param name="conceptCount">The classifier's concept count.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InvalidDataException">The subject lacks training or test clips, a row's shape differs, or a clip lacks a row of some table.</exception>
    public static async Task<(Stage2Split Train, Stage2Split Test)> ReadAsync(
        SubjectFmri subject,
        IEnumerable<string> targets,
        IEnumerable<string> keyObjects,
        IEnumerable<string> concepts,
        ICaptionTokenizer tokenizer,
        int captionLength,
        int frames,
        int side,
        int conceptCount,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var train = subject.Ordered("train");
        var test = subject.Ordered("test");
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"train_decoupler: subject {subject.Subject} has {train.Count} training and {test.Count} test clips in the fmri table; both are needed");
        }

        var clipIds = train.Select(c => c.Id).Concat(test.Select(c => c.Id)).ToList();
        var index = clipIds.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var masks = await MasksAsync(keyObjects, index, frames, side, cancellationToken).ConfigureAwait(false);
        var multiHot = await ConceptsAsync(concepts, index, conceptCount, cancellationToken).ConfigureAwait(false);
        using var all = await TargetsAsync(targets, index, frames, tokenizer, captionLength, cancellationToken).ConfigureAwait(false);

        // Stage 2 trains on repetition 0 only (docs/model.md); the test repetitions are averaged.
        var trainVoxels = Voxels(train.Select(c => c.Repeats.First().Value).ToList(), subject.Voxels);
        var testVoxels = Voxels(test.Select(c => Mean(c.Repeats.Values, subject.Voxels)).ToList(), subject.Voxels);
        return (Split(all, masks, multiHot, trainVoxels, 0, train.Count, frames, side, conceptCount), Split(all, masks, multiHot, testVoxels, train.Count, test.Count, frames, side, conceptCount));
    }

    /// <summary>Nearest-neighbour resize of a row-major [height, width] 0/1 mask to [side, side] (PyTorch's <c>nearest</c>: source = ⌊dst·in/out⌋).</summary>
    public static void ResizeNearest(bool[] mask, int width, int height, int side, Span<byte> target)
    {
        for (var y = 0; y < side; y++)
        {
            var sy = Math.Min(height - 1, (int)Math.Floor(y * ((double)height / side)));
            for (var x = 0; x < side; x++)
            {
                var sx = Math.Min(width - 1, (int)Math.Floor(x * ((double)width / side)));
                target[(y * side) + x] = mask[(sy * width) + sx] ? (byte)1 : (byte)0;
            }
        }
    }

    private static Stage2Split Split(ClipTargets all, byte[] masks, float[] multiHot, Tensor voxels, int start, int count, int frames, int side, int conceptCount)
    {
        Tensor Rows(Tensor t) => t.narrow(0, start, count).clone();
        var maskBytes = masks.AsSpan(start * frames * side * side, count * frames * side * side).ToArray();
        return new Stage2Split(
            voxels,
            Rows(all.Tokens),
            Rows(all.Text),
            Rows(all.KeyText),
            tensor(maskBytes, [count, frames, side, side], dtype: ScalarType.Byte),
            Rows(all.Latents),
            tensor(multiHot.AsSpan(start * conceptCount, count * conceptCount).ToArray(), [count, conceptCount], dtype: ScalarType.Float32),
            Rows(all.CaptionIds));
    }

    private static async Task<byte[]> MasksAsync(IEnumerable<string> shards, Dictionary<string, int> index, int frames, int side, CancellationToken cancellationToken)
    {
        var masks = new byte[index.Count * frames * side * side];
        var seen = new bool[index.Count];
        foreach (var shard in shards)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<KeyObjectRow>(shard, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in group)
                {
                    if (!index.TryGetValue(row.ClipId, out var i))
                    {
                        continue;
                    }

                    if (row.FrameCount != frames || row.Width < 1 || row.Height < 1)
                    {
                        throw new InvalidDataException($"{shard}: clip {row.ClipId} has {row.FrameCount} key-object masks of {row.Width}×{row.Height}; {frames} frames are needed");
                    }

                    for (var f = 0; f < frames; f++)
                    {
                        var bits = row.DecodeMask(f);
                        ResizeNearest(bits, row.Width, row.Height, side, masks.AsSpan(((i * frames) + f) * side * side, side * side));
                    }

                    seen[i] = true;
                }
            }
        }

        Missing(index, seen, "keyobjects");
        return masks;
    }

    private static async Task<float[]> ConceptsAsync(IEnumerable<string> shards, Dictionary<string, int> index, int conceptCount, CancellationToken cancellationToken)
    {
        var multiHot = new float[index.Count * conceptCount];
        var seen = new bool[index.Count];
        foreach (var shard in shards)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<ConceptRow>(shard, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in group)
                {
                    if (!index.TryGetValue(row.ClipId, out var i))
                    {
                        continue;
                    }

                    if (row.MultiHot.Count != conceptCount)
                    {
                        throw new InvalidDataException($"{shard}: clip {row.ClipId} has a {row.MultiHot.Count}-way multi_hot; the classifier has {conceptCount} concepts");
                    }

                    for (var c = 0; c < conceptCount; c++)
                    {
                        multiHot[(i * conceptCount) + c] = row.MultiHot[c] > 0 ? 1f : 0f;
                    }

                    seen[i] = true;
                }
            }
        }

        Missing(index, seen, "concepts");
        return multiHot;
    }

    private static async Task<ClipTargets> TargetsAsync(
        IEnumerable<string> shards, Dictionary<string, int> index, int frames, ICaptionTokenizer tokenizer, int captionLength, CancellationToken cancellationToken)
    {
        ClipTargets? result = null;
        var seen = new bool[index.Count];
        var ids = new long[index.Count * captionLength];
        try
        {
            Tensor? tokenBuffer = null, textBuffer = null, latentBuffer = null;
            try
            {
                foreach (var shard in shards)
                {
                    await foreach (var group in ParquetRows.ReadRowGroupsAsync<DecouplerTargetRow>(shard, cancellationToken).ConfigureAwait(false))
                    {
                        foreach (var row in group)
                        {
                            if (!index.TryGetValue(row.ClipId, out var i))
                            {
                                continue;
                            }

                            if (result is null)
                            {
                                result = new ClipTargets(index.Count, frames, row.ImageTokens, row.ImageWidth, row.TextWidth, row.LatentChannels, row.LatentHeight, row.LatentWidth);
                                tokenBuffer = empty(frames, row.ImageTokens, row.ImageWidth, dtype: ScalarType.Float16);
                                textBuffer = empty(row.TextWidth, dtype: ScalarType.Float16);
                                latentBuffer = empty(frames, row.LatentChannels, row.LatentHeight, row.LatentWidth, dtype: ScalarType.Float16);
                            }

                            result.Check(shard, row, frames);
                            Copy(row.ClipImageTokens, tokenBuffer!, result.Tokens, i);
                            Copy(row.ClipText, textBuffer!, result.Text, i);
                            if (row.KeyObjectText.Count > 0)
                            {
                                Copy(row.KeyObjectText, textBuffer!, result.KeyText, i);
                            }

                            Copy(row.VaeLatents, latentBuffer!, result.Latents, i);
                            tokenizer.Encode(row.Caption, captionLength).CopyTo(ids, i * captionLength);
                            seen[i] = true;
                        }
                    }
                }
            }
            finally
            {
                tokenBuffer?.Dispose();
                textBuffer?.Dispose();
                latentBuffer?.Dispose();
            }

            Missing(index, seen, "targets");
            result!.CaptionIds = tensor(ids, [index.Count, captionLength], dtype: ScalarType.Int64);
            return result;
        }
        catch
        {
            result?.Dispose();
            throw;
        }
    }

    private static void Copy(List<float> source, Tensor buffer, Tensor target, int index)
    {
        TargetFloat16.Pack(CollectionsMarshal.AsSpan(source), buffer.bytes);
        using var slot = target[index];
        slot.copy_(buffer);
    }

    private static void Missing(Dictionary<string, int> index, bool[] seen, string table)
    {
        var missing = index.Where(kv => !seen[kv.Value]).Select(kv => kv.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"train_decoupler: {missing.Count} clip(s) with fmri rows have no {table} row, e.g. {string.Join(", ", missing.Take(5))}");
        }
    }

    private static float[] Mean(IEnumerable<float[]> repeats, int v)
    {
        var sum = new double[v];
        var n = 0;
        foreach (var r in repeats)
        {
            for (var k = 0; k < v; k++)
            {
                sum[k] += r[k];
            }

            n++;
        }

        return sum.Select(s => (float)(s / n)).ToArray();
    }

    private static Tensor Voxels(List<float[]> rows, int v) => Stage1Data.VoxelTensor(rows, v);

    /// <summary>The float16 target tensors of every clip (training then test), filled row by row.</summary>
    private sealed class ClipTargets : IDisposable
    {
        public ClipTargets(int n, int frames, int tokens, int width, int textWidth, int channels, int height, int latentWidth)
        {
            (Frames, TokenCount, Width, TextWidth, Channels, Height, LatentWidth) = (frames, tokens, width, textWidth, channels, height, latentWidth);
            Tokens = empty(n, frames, tokens, width, dtype: ScalarType.Float16);
            Text = empty(n, textWidth, dtype: ScalarType.Float16);
            KeyText = zeros(n, textWidth, dtype: ScalarType.Float16);
            Latents = empty([n, frames, channels, height, latentWidth], dtype: ScalarType.Float16);
            CaptionIds = empty([0L], dtype: ScalarType.Int64);
        }

        public int Frames { get; }

        public int TokenCount { get; }

        public int Width { get; }

        public int TextWidth { get; }

        public int Channels { get; }

        public int Height { get; }

        public int LatentWidth { get; }

        public Tensor Tokens { get; }

        public Tensor Text { get; }

        public Tensor KeyText { get; }

        public Tensor Latents { get; }

        public Tensor CaptionIds { get; set; }

        public void Check(string path, DecouplerTargetRow row, int frames)
        {
            var ok = row.Frames.SequenceEqual(Enumerable.Range(0, frames)) && row.ImageTokens == TokenCount && row.ImageWidth == Width && row.TextWidth == TextWidth
                && row.LatentChannels == Channels && row.LatentHeight == Height && row.LatentWidth == LatentWidth
                && row.ClipImageTokens.Count == frames * TokenCount * Width && row.ClipText.Count == TextWidth
                && (row.KeyObjectText.Count == 0 || row.KeyObjectText.Count == TextWidth)
                && row.VaeLatents.Count == frames * Channels * Height * LatentWidth;
            if (!ok)
            {
                throw new InvalidDataException(
                    $"{path}: clip {row.ClipId} has targets of frames [{string.Join(", ", row.Frames)}] × {row.ImageTokens} × {row.ImageWidth}, text {row.TextWidth}, latents {row.LatentChannels}×{row.LatentHeight}×{row.LatentWidth}; " +
                    $"stage 2 needs frames 0–{frames - 1} × {TokenCount} × {Width}, text {TextWidth}, latents {Channels}×{Height}×{LatentWidth} (targets param frames must list all {frames})");
            }
        }

        public void Dispose()
        {
            Tokens.Dispose();
            Text.Dispose();
            KeyText.Dispose();
            Latents.Dispose();
            CaptionIds.Dispose();
        }
    }
}
