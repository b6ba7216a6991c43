using System.Runtime.InteropServices;
using Neurons.Data.Tables;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Datasets;

/// <summary>
/// Streams the <c>targets</c> shards one row group at a time and copies the frames stage-1 training needs straight
/// into preallocated float16 tensors, in the clip order of the fMRI data (bounded memory at the paper's sizes).
/// </summary>
public sealed class TargetTensors : IDisposable
{
    private TargetTensors(Dictionary<int, Tensor> trainFrames, Tensor trainText, Tensor testTokens, Tensor testText)
    {
        TrainFrames = trainFrames;
        TrainText = trainText;
        TestTokens = testTokens;
        TestText = testText;
    }

    /// <summary>Gets, per training frame, the image tokens [training clips, tokens, width] (float16).</summary>
    public Dictionary<int, Tensor> TrainFrames { get; }

    /// <summary>Gets the caption embeddings of the training clips [training clips, text width] (float16).</summary>
    public Tensor TrainText { get; }

    /// <summary>Gets the image tokens of the test frame [test clips, tokens, width] (float16).</summary>
    public Tensor TestTokens { get; }

    /// <summary>Gets the caption embeddings of the test clips [test clips, text width] (float16).</summary>
    public Tensor TestText { get; }

    /// <summary>Reads the first row of the first shard that has one: the target shape every row must share.</summary>
    /// <exception cref="InvalidDataException">The shards hold no row.</exception>
    public static async Task<TargetShape> ShapeAsync(IEnumerable<string> shardPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        foreach (var path in shardPaths)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<TrainTargetRow>(path, cancellationToken).ConfigureAwait(false))
            {
                if (group.Count > 0)
                {
                    var r = group[0];
                    return new TargetShape(r.ImageTokens, r.ImageWidth, r.TextWidth, r.Frames);
                }
            }
        }

        throw new InvalidDataException("train: the targets table has no rows");
    }

    /// <summary>Reads the targets of the given training and test clips (in that order) from the shards.</summary>
    /// <exception cref="InvalidDataException">A row's shape differs from <paramref name="shape"/>, a needed frame is not stored, or a clip has no row.</exception>
    public static async Task<TargetTensors> ReadAsync(
        IEnumerable<string> shardPaths,
        IReadOnlyList<string> trainClips,
        IReadOnlyList<string> testClips,
        IReadOnlyCollection<int> trainFrames,
        int testFrame,
        TargetShape shape,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentNullException.ThrowIfNull(trainClips);
        ArgumentNullException.ThrowIfNull(testClips);
        ArgumentNullException.ThrowIfNull(trainFrames);
        ArgumentNullException.ThrowIfNull(shape);
        var trainIndex = trainClips.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var testIndex = testClips.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var (t, d, dt, stored) = (shape.Tokens, shape.Width, shape.TextWidth, shape.Frames);
        var frames = trainFrames.ToDictionary(f => f, _ => empty(trainClips.Count, t, d, dtype: ScalarType.Float16));
        var result = new TargetTensors(frames, empty(trainClips.Count, dt, dtype: ScalarType.Float16), empty(testClips.Count, t, d, dtype: ScalarType.Float16), empty(testClips.Count, dt, dtype: ScalarType.Float16));
        try
        {
            var seenTrain = new bool[trainClips.Count];
            var seenTest = new bool[testClips.Count];
            using var tokenBuffer = empty(t, d, dtype: ScalarType.Float16);
            using var textBuffer = empty(dt, dtype: ScalarType.Float16);
            var frameBytes = t * d * 2;
            foreach (var path in shardPaths)
            {
                await foreach (var group in ParquetRows.ReadRowGroupsAsync<TrainTargetRow>(path, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var row in group)
                    {
                        var isTrain = trainIndex.TryGetValue(row.ClipId, out var i);
                        var isTest = testIndex.TryGetValue(row.ClipId, out var j);
                        if (!isTrain && !isTest)
                        {
                            continue;
                        }

                        if (row.ImageTokens != t || row.ImageWidth != d || row.TextWidth != dt || !row.Frames.SequenceEqual(stored)
                            || row.ClipImageTokens.Count * 2 != stored.Count * frameBytes || row.ClipText.Count != dt)
                        {
                            throw new InvalidDataException($"{path}: clip {row.ClipId} has targets of shape frames [{string.Join(", ", row.Frames)}] × {row.ImageTokens} × {row.ImageWidth}, text {row.TextWidth} ({row.ClipImageTokens.Count} / {row.ClipText.Count} values); the first row had [{string.Join(", ", stored)}] × {t} × {d}, text {dt}");
                        }

                        TargetFloat16.Pack(CollectionsMarshal.AsSpan(row.ClipText), textBuffer.bytes);
                        if (isTrain)
                        {
                            foreach (var (f, tensor) in frames)
                            {
                                Copy(row, stored, f, frameBytes, tokenBuffer, tensor, i);
                            }

                            using var text = result.TrainText[i];
                            text.copy_(textBuffer);
                            seenTrain[i] = true;
                        }

                        if (isTest)
                        {
                            Copy(row, stored, testFrame, frameBytes, tokenBuffer, result.TestTokens, j);
                            using var text = result.TestText[j];
                            text.copy_(textBuffer);
                            seenTest[j] = true;
                        }
                    }
                }
            }

            var missing = trainClips.Where((_, k) => !seenTrain[k]).Concat(testClips.Where((_, k) => !seenTest[k])).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"train: {missing.Count} clip(s) with fmri rows have no targets row, e.g. {string.Join(", ", missing.Take(5))}");
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in TrainFrames.Values)
        {
            t.Dispose();
        }

        TrainText.Dispose();
        TestTokens.Dispose();
        TestText.Dispose();
    }

    private static void Copy(TrainTargetRow row, IReadOnlyList<int> stored, int frame, int frameBytes, Tensor buffer, Tensor target, int index)
    {
        var position = -1;
        for (var k = 0; k < stored.Count && position < 0; k++)
        {
            position = stored[k] == frame ? k : -1;
        }

        if (position < 0)
        {
            throw new InvalidDataException($"train: clip {row.ClipId} stores frames [{string.Join(", ", stored)}]; frame {frame} is needed (targets param frames)");
        }

        TargetFloat16.Pack(CollectionsMarshal.AsSpan(row.ClipImageTokens).Slice(position * frameBytes / 2, frameBytes / 2), buffer.bytes);
        using var slot = target[index];
        slot.copy_(buffer);
    }
}
