using Neurons.Data.Tables;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Decode;

/// <summary>
/// Stands in for slice, fmri and targets in an engine run of <c>decode</c>: per test segment it writes the
/// <c>clips</c>, <c>fmri</c> and <c>target_concepts</c> shards that <see cref="DecodeWorkItem"/> builds.
/// </summary>
/// <param name="segments">Per segment, its first split index and its number of clips.</param>
internal sealed class DecodeInputsStage(IReadOnlyDictionary<string, (int FirstSplitIndex, int Clips)> segments) : IStage
{
    public const string StageName = "decode_inputs";

    public const string Yaml = """
        name: decode_inputs
        version: 1
        description: test stand-in for slice, fmri and targets
        scope: shard
        splits: [test]
        outputs: [clips, fmri, target_concepts]
        """;

    public string Name => StageName;

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var (first, count) = segments[context.Shard.Name];
        var clips = DecodeWorkItem.ClipRows(context.Shard.Name, first, count);
        var fmri = DecodeWorkItem.FmriRows(clips);
        var concepts = DecodeWorkItem.ConceptRows();
        await ParquetRows.WriteAsync(context.Output("clips").Path, clips, cancellationToken);
        await ParquetRows.WriteAsync(context.Output("fmri").Path, fmri, cancellationToken);
        await ParquetRows.WriteAsync(context.Output("target_concepts").Path, concepts, cancellationToken);
        context.Output("clips").Rows = clips.Count;
        context.Output("fmri").Rows = fmri.Count;
        context.Output("target_concepts").Rows = concepts.Count;
    }
}
