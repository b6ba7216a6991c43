using Neurons.Annotation.Concepts;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.ConceptText;

/// <summary>
/// The <c>concept_text</c> stage: the pooled CLIP text embedding of every concept name, once, into the global
/// <c>target_concepts</c> table (shard <c>all</c>; docs/tables/targets.md), at float16 precision like <c>targets</c>.
/// </summary>
public sealed class ConceptTextStage : IStage
{
    private const int Chunk = 16;

    /// <inheritdoc/>
    public string Name => "concept_text";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var errors = OptionsValidation.Validate<ConceptTextOptions>(parameters).ToList();
        var o = parameters.Bind<ConceptTextOptions>();
        errors.AddRange(OptionsValidation.MissingFiles(("clip_text_model", o.ClipTextModel), ("clip_vocab", o.ClipVocab), ("clip_merges", o.ClipMerges), ("concepts", o.Concepts)));
        return errors;
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.BindParameters<ConceptTextOptions>();
        var catalog = ConceptCatalog.Load(o.Concepts);
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.Load(o.ClipVocab, o.ClipMerges);
        }
        catch (FileNotFoundException ex)
        {
            throw new OnnxModelException(ex.Message, ex);
        }

        var session = new OnnxSessionOptions
        {
            IntraOpThreads = o.OnnxThreads,
            Optimization = o.OnnxOptimization,
            ExecutionProvider = o.ExecutionProvider,
            DeviceId = o.DeviceId,
        };
        List<float[]> embeddings;
        using (var text = ClipTextEncoder.Load(o.ClipTextModel, tokenizer, session, outputName: o.ClipTextOutput))
        {
            embeddings = [.. catalog.Concepts.Select(c => c.Name.Replace('_', ' ')).Chunk(Chunk).SelectMany(chunk => text.Encode(chunk))];
        }

        var rows = catalog.Concepts.Select((c, i) => new TargetConceptRow
        {
            Index = c.Index,
            Concept = c.Name,
            TextWidth = embeddings[i].Length,
            ClipText = TargetFloat16.Round(embeddings[i]),
        }).ToList();
        var output = context.Output("target_concepts");
        var width = rows.Count > 0 ? rows[0].TextWidth : 0;
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, metadata: TargetConceptRow.Metadata(width)).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["concepts"] = rows.Count;
        output.Metadata["text_width"] = width;
    }
}
