using System.Text.Json.Nodes;
using Neurons.Annotation.Concepts;
using Neurons.Annotation.WordNet;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Concepts;

/// <summary>
/// The <c>concepts</c> stage: for each clip of an <c>annotations</c> shard, the union of its objects'
/// concepts (<see cref="ConceptMapper"/>) as names and as the 51-long multi-hot classifier target, plus
/// the names left unmapped. The sidecar holds concept frequencies and the most common unmapped names.
/// </summary>
public sealed class ConceptsStage : IStage
{
    private const string StageFile = "stages/concepts/stage.yaml";

    /// <summary>The number of concepts the NEURONS classifier has (<c>class_num=51</c>).</summary>
    public const int ConceptCount = 51;

    /// <inheritdoc/>
    public string Name => "concepts";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<ConceptsOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Parameters.Bind<ConceptsOptions>();
        if (options.Senses is < 1 or > 3)
        {
            throw new ConfigException(StageFile, "stages.concepts.senses", $"{options.Senses} is not one of 1, 2, 3");
        }

        var conceptsFile = options.ConceptsFile.Length == 0 ? ConceptCatalog.BuiltInPath : options.ConceptsFile;
        if (!File.Exists(conceptsFile))
        {
            throw new ConfigException(StageFile, "stages.concepts.concepts_file", $"{conceptsFile} does not exist");
        }

        var catalog = ConceptCatalog.Load(conceptsFile);
        if (catalog.Concepts.Count != ConceptCount)
        {
            throw new FormatException($"{conceptsFile}: {catalog.Concepts.Count} concepts, the NEURONS classifier needs {ConceptCount}");
        }

        var beside = Path.GetDirectoryName(Path.GetFullPath(conceptsFile)) ?? string.Empty;
        var wordNetDirectory = File.Exists(Path.Combine(beside, "data.noun")) ? beside : WordNetDatabase.BuiltInDirectory;
        using var wordNet = WordNetDatabase.Open(wordNetDirectory);
        var mapper = new ConceptMapper(wordNet, catalog, options.Senses);

        var input = context.SingleInput("annotations");
        var annotations = await ParquetRows.ReadAsync<AnnotationRow>(input.Path, cancellationToken).ConfigureAwait(false);
        var clips = annotations.GroupBy(a => a.ClipId, StringComparer.Ordinal).ToList();
        var rows = new List<ConceptRow>(clips.Count);
        var statistics = new ConceptStatistics(catalog);
        foreach (var clip in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ok = clip.Where(a => a.Status == "ok").ToList();
            if (ok.Count == 0)
            {
                rows.Add(new ConceptRow { ClipId = clip.Key, MultiHot = new int[ConceptCount].ToList(), Status = "failed" });
                statistics.AddFailed();
                continue;
            }

            var mapped = mapper.MapClip(ok.SelectMany(a => a.Objects));
            statistics.Add(mapped);
            rows.Add(new ConceptRow
            {
                ClipId = clip.Key,
                Objects = mapped.Objects.Select(o => o.Object).ToList(),
                Concepts = mapped.ConceptIndices.Select(i => catalog.Concepts[i].Name).ToList(),
                MultiHot = mapped.MultiHot.ToList(),
                Unmapped = mapped.Unmapped.ToList(),
                Mappings = mapped.Objects.Select(o => Describe(o, catalog)).ToList(),
            });
            context.Progress.Report((double)rows.Count / clips.Count);
        }

        var output = context.Output("concepts");
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        statistics.WriteTo(output.Metadata, options.TopUnmapped);
        output.Metadata["senses"] = options.Senses;
        output.Metadata["wordnet"] = "WordNet 3.0";
    }

    /// <summary>One line saying how an object was mapped: <c>dog: animal, mammal [wordnet dog.n.01]</c>.</summary>
    internal static string Describe(ObjectConcepts mapped, ConceptCatalog catalog)
    {
        var concepts = mapped.IsMapped ? string.Join(", ", mapped.ConceptIndices.Select(i => catalog.Concepts[i].Name)) : "-";
        var rule = mapped.Rule switch
        {
            MappingRule.ConceptName => "concept name",
            MappingRule.Override => "override",
            MappingRule.WordNet => "wordnet",
            _ => "unmapped",
        };
        var senses = mapped.Senses.Count > 0 ? " " + string.Join(" ", mapped.Senses) : string.Empty;
        return $"{mapped.Object}: {concepts} [{rule}{senses}]";
    }
}
