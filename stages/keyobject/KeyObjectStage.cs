using System.Text.Json.Nodes;
using Neurons.Annotation.KeyObjects;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.KeyObject;

/// <summary>
/// The <c>keyobject</c> stage: groups a <c>masks</c> shard by clip (keeping table order, which is the
/// label order within a frame), chooses each clip's key object with <see cref="KeyObjectSelector"/> and
/// writes the <c>keyobjects</c> table: the object, why it was chosen, and its masks on the six frames.
/// Clips without any mask row do not appear (a reader treats them as <c>None</c>).
/// </summary>
public sealed class KeyObjectStage : IStage
{
    private const string StageFile = "stages/keyobject/stage.yaml";

    /// <inheritdoc/>
    public string Name => "keyobject";

    /// <summary>Gets the built-in copy of this stage's <c>categories.yaml</c> beside its contract in the build output (used when <c>categories_file</c> is empty).</summary>
    internal static string BuiltInCategoriesFile => Path.Combine(AppContext.BaseDirectory, "stages", "keyobject", "categories.yaml");

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<KeyObjectOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<KeyObjectOptions>();
        var settings = Settings(options);
        var categoriesFile = options.CategoriesFile.Length == 0 ? BuiltInCategoriesFile : options.CategoriesFile;
        if (!File.Exists(categoriesFile))
        {
            throw new ConfigException(StageFile, "stages.keyobject.categories_file", $"{categoriesFile} does not exist");
        }

        var selector = new KeyObjectSelector(KeyObjectCategories.Load(categoriesFile), settings);
        var input = context.SingleInput("masks");
        var masks = await ParquetRows.ReadAsync<MaskRow>(input.Path, cancellationToken).ConfigureAwait(false);
        var clips = masks.GroupBy(m => m.ClipId, StringComparer.Ordinal).ToList();
        var rows = new List<KeyObjectRow>(clips.Count);
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var objects = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var clip in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clipMasks = clip.Select(m => ToObjectMask(m, input.Path)).ToList();
            var choice = selector.Select(clipMasks);
            var row = ToRow(clip.Key, choice, options.Mode);
            rows.Add(row);
            reasons[row.Reason] = reasons.GetValueOrDefault(row.Reason) + 1;
            objects[row.KeyObject] = objects.GetValueOrDefault(row.KeyObject) + 1;
            context.Progress.Report((double)rows.Count / clips.Count);
        }

        var output = context.Output("keyobjects");
        var metadata = rows.Count > 0 ? KeyObjectRow.Metadata(rows[0].FrameCount, rows[0].Width, rows[0].Height) : null;
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, metadata: metadata).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["mode"] = options.Mode;
        output.Metadata["clips"] = rows.Count;
        output.Metadata["reasons"] = new JsonObject(reasons.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
        output.Metadata["key_objects"] = new JsonObject(objects
            .OrderByDescending(o => o.Value)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .Take(20)
            .Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)));
    }

    /// <summary>Turns a selector result into a table row; each frame mask becomes a gray PNG.</summary>
    internal static KeyObjectRow ToRow(string clipId, KeyObjectChoice choice, string mode) => new()
    {
        ClipId = clipId,
        KeyObject = choice.KeyObject,
        Reason = ReasonName(choice.Reason),
        Mode = mode,
        TopObjects = choice.TopObjects.ToList(),
        Displacement = choice.Displacement,
        Area = choice.Area,
        Ranking = choice.Ranking.Select(c => c.Category).ToList(),
        RankingDisplacement = choice.Ranking.Select(c => c.Displacement).ToList(),
        Width = choice.Width,
        Height = choice.Height,
        FrameCount = choice.FrameMasks.Count,
        Masks = [.. choice.FrameMasks.Select(m => TableImages.FromMask(MaskBits.Unpack(m, choice.Width * choice.Height), choice.Width, choice.Height))],
    };

    /// <summary>The table name of a reason.</summary>
    internal static string ReasonName(KeyObjectReason reason) => reason switch
    {
        KeyObjectReason.Priority => "priority",
        KeyObjectReason.Moving => "moving",
        KeyObjectReason.MovingLarge => "moving-large",
        KeyObjectReason.Largest => "largest",
        _ => "none",
    };

    private static KeyObjectSettings Settings(KeyObjectOptions options)
    {
        var mode = options.Mode switch
        {
            "reference" => KeyObjectMode.Reference,
            "paper" => KeyObjectMode.Paper,
            _ => throw new ConfigException(StageFile, "stages.keyobject.mode", $"'{options.Mode}' is not one of reference, paper"),
        };
        if (options.TopK < 1)
        {
            throw new ConfigException(StageFile, "stages.keyobject.top_k", $"{options.TopK} must be at least 1");
        }

        if (options.MaxArea is <= 0 or > 1)
        {
            throw new ConfigException(StageFile, "stages.keyobject.max_area", $"{options.MaxArea} must lie in (0, 1]");
        }

        return new KeyObjectSettings
        {
            Mode = mode,
            TopK = options.TopK,
            PriorityWeight = options.PriorityWeight,
            MaxArea = options.MaxArea,
            FrameCount = ClipRow.FrameCount,
        };
    }

    private static ObjectMask ToObjectMask(MaskRow row, string path)
    {
        if (row.Width <= 0 || row.Height <= 0)
        {
            throw new InvalidDataException($"{path}: clip {row.ClipId} frame {row.Frame} object '{row.Object}': the mask is {row.Width}x{row.Height}");
        }

        if (row.Frame < 0 || row.Frame >= ClipRow.FrameCount)
        {
            throw new InvalidDataException($"{path}: clip {row.ClipId} object '{row.Object}': frame {row.Frame} outside 0..{ClipRow.FrameCount - 1}");
        }

        try
        {
            return new ObjectMask(row.Frame, row.Object, row.Width, row.Height, MaskBits.Pack(row.DecodeMask()));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
