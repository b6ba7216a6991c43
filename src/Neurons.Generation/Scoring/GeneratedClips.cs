using Neurons.Data.Tables;
using Neurons.Evaluation.Runs;

namespace Neurons.Generation.Scoring;

/// <summary>
/// The hook that scores generated videos as their own <c>generated</c> row: reads the <c>generated</c> shards
/// and pairs each (clip, subject) video with its ground-truth clip (resized to the generated size, as the
/// reference does) for a <see cref="MetricsAccumulator"/>. Wire it by adding <c>generated</c> to evaluate's
/// inputs and feeding these clips to an accumulator whose rows are labelled <c>generated</c>.
/// </summary>
public static class GeneratedClips
{
    /// <summary>Returns one evaluation clip per generated row (of the <c>generated</c> shards at the given paths) of <paramref name="subject"/> (all subjects when null), in split order.</summary>
    public static async Task<IReadOnlyList<EvaluationClip>> ReadAsync(
        IEnumerable<string> generatedShards,
        IReadOnlyDictionary<string, ClipRow> clips,
        int? subject,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generatedShards);
        ArgumentNullException.ThrowIfNull(clips);
        var result = new List<EvaluationClip>();
        foreach (var shard in generatedShards)
        {
            var rows = await ParquetRows.ReadAsync<GeneratedRow>(shard, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => subject is null || r.Subject == subject).OrderBy(r => r.SplitIndex))
            {
                var truth = clips.TryGetValue(row.ClipId, out var clip)
                    ? clip
                    : throw new InvalidDataException($"{shard}: generated row {row.ClipId} subject {row.Subject} has no clip in the clips table");
                result.Add(GeneratedVideoScoring.Clip(row.ClipId, row.SplitIndex, truth.DecodeFrames(), truth.Width, row.DecodeFrames(), row.Width));
            }
        }

        return result;
    }
}
