using System.Runtime.InteropServices;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Stages.Train;

/// <summary>
/// Streams the <c>targets</c> shards one row group at a time and copies the frames training needs straight into
/// preallocated float16 tensors, in the clip order of the fMRI data (bounded memory at the paper's sizes).
/// </summary>
internal sealed class TargetTensors : IDisposable
{
    private TargetTensors(Dictionary<int, Tensor> trainFrames, Tensor trainText, Tensor testTokens, Tensor testText)
    {
        TrainFrames = trainFrames;
        TrainText = trainText;
        TestTokens = testTokens;
        TestText = testText;
    }

    public Dictionary<int, Tensor> TrainFrames { get; }

    public Tensor TrainText { get; }

    public Tensor TestTokens { get; }

    public Tensor TestText { get; }

    /// <summary>Reads the first row of the first shard: (tokens, width, text width, stored frames).</summary>
    public static async Task<(int Tokens, int Width, int TextWidth, List<int> Frames)> ShapeAsync(IReadOnlyList<InputShard> shards, CancellationToken cancellationToken)
    {
        foreach (var shard in shards)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<TrainTargetRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                if (group.Count > 0)
                {
                    var r = group[0];
                    return (r.ImageTokens, r.ImageWidth, r.TextWidth, r.Frames);
                }
            }
        }

        throw new InvalidDataException("train: the targets table has no rows");
    }

    public static async Task<TargetTensors> ReadAsync(
        IReadOnlyList<InputShard> shards,
        IReadOnlyList<string> trainClips,
        IReadOnlyList<string> testClips,
        IReadOnlyCollection<int> trainFrames,
        int testFrame,
        (int Tokens, int Width, int TextWidth, List<int> Frames) shape,
        CancellationToken cancellationToken)
    {
        var trainIndex = trainClips.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var testIndex = testClips.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var (t, d, dt, stored) = shape;
        var frames = trainFrames.ToDictionary(f => f, _ => empty(trainClips.Count, t, d, dtype: ScalarType.Float16));
        var result = new TargetTensors(frames, empty(trainClips.Count, dt, dtype: ScalarType.Float16), empty(testClips.Count, t, d, dtype: ScalarType.Float16), empty(testClips.Count, dt, dtype: ScalarType.Float16));
        try
        {
            var seenTrain = new bool[trainClips.Count];
            var seenTest = new bool[testClips.Count];
            using var tokenBuffer = empty(t, d, dtype: ScalarType.Float16);
            using var textBuffer = empty(dt, dtype: ScalarType.Float16);
            var frameBytes = t * d * 2;
            foreach (var shard in shards)
            {
                await foreach (var group in ParquetRows.ReadRowGroupsAsync<TrainTargetRow>(shard.Path, cancellationToken).ConfigureAwait(false))
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
                            throw new InvalidDataException($"{shard.Path}: clip {row.ClipId} has targets of shape frames [{string.Join(", ", row.Frames)}] × {row.ImageTokens} × {row.ImageWidth}, text {row.TextWidth} ({row.ClipImageTokens.Count} / {row.ClipText.Count} values); the first row had [{string.Join(", ", stored)}] × {t} × {d}, text {dt}");
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

    private static void Copy(TrainTargetRow row, List<int> stored, int frame, int frameBytes, Tensor buffer, Tensor target, int index)
    {
        var position = stored.IndexOf(frame);
        if (position < 0)
        {
            throw new InvalidDataException($"train: clip {row.ClipId} stores frames [{string.Join(", ", stored)}]; frame {frame} is needed (targets param frames)");
        }

        TargetFloat16.Pack(CollectionsMarshal.AsSpan(row.ClipImageTokens).Slice(position * frameBytes / 2, frameBytes / 2), buffer.bytes);
        using var slot = target[index];
        slot.copy_(buffer);
    }
}
