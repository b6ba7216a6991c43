using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Annotations read from a file in the NEURONS release format <c>[{"idx", "caption", "tags"}]</c> (one
/// entry per clip, idx = the clip's position in its split), as shipped with NEURONS and with the mini
/// subset (<c>annotations/qwen_{split}_caption_tag.json</c>). No server, no requests. Every frame of a
/// clip gets the clip's entry; a clip without an entry is a failed row.
/// </summary>
public sealed class ImportAnnotationProvider : IAnnotationProvider
{
    private readonly string file;
    private readonly string split;
    private readonly IReadOnlyDictionary<int, ReleaseAnnotation> entries;

    private ImportAnnotationProvider(string file, string split, IReadOnlyDictionary<int, ReleaseAnnotation> entries, string hash)
    {
        this.file = file;
        this.split = split;
        this.entries = entries;
        PromptHash = hash;
    }

    /// <inheritdoc/>
    public string Kind => "import";

    /// <inheritdoc/>
    public string Model => "import";

    /// <inheritdoc/>
    public string PromptHash { get; }

    /// <summary>Gets how many entries the file holds.</summary>
    public int Count => entries.Count;

    /// <summary>Reads a release file for one split.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="split">The split its idx values index (<c>train</c> or <c>test</c>); clips of another split are failed rows.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The file is missing, not a JSON array of entries, or repeats an idx (one line naming the file).</exception>
    public static async Task<ImportAnnotationProvider> LoadAsync(string path, string split, ILogger logger, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the annotations to import: {e.Message}", e);
        }

        List<ReleaseAnnotation>? list;
        try
        {
            list = JsonSerializer.Deserialize<List<ReleaseAnnotation>>(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON array of {{\"idx\",\"caption\",\"tags\"}} entries: {e.Message}", e);
        }

        var entries = new Dictionary<int, ReleaseAnnotation>();
        foreach (var (entry, position) in (list ?? []).Select((e, i) => (e, i)))
        {
            if (entry is null || entry.Idx < 0)
            {
                throw new InvalidDataException($"{path}: entry {position}: missing or negative \"idx\"");
            }

            if (!entries.TryAdd(entry.Idx, entry))
            {
                throw new InvalidDataException($"{path}: entry {position}: idx {entry.Idx} appears twice");
            }
        }

        Log.AnnotationsImported(logger, entries.Count, path);
        var hash = "import:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new ImportAnnotationProvider(path, split, entries, hash);
    }

    /// <inheritdoc/>
    public Task<AnnotationOutcome> AnnotateAsync(ClipRow clip, int frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        cancellationToken.ThrowIfCancellationRequested();
        if (!string.Equals(clip.Split, split, StringComparison.Ordinal))
        {
            return Task.FromResult(AnnotationOutcome.Failed($"import: clip is in split '{clip.Split}' but {file} holds split '{split}'"));
        }

        if (!entries.TryGetValue(clip.SplitIndex, out var entry))
        {
            return Task.FromResult(AnnotationOutcome.Failed($"import: {file} has no entry with idx {clip.SplitIndex}"));
        }

        var caption = entry.Caption?.Trim() ?? string.Empty;
        var objects = ObjectNames.Normalize(entry.Tags ?? []);
        if (caption.Length == 0)
        {
            return Task.FromResult(AnnotationOutcome.Failed($"import: {file} idx {clip.SplitIndex}: empty caption"));
        }

        return Task.FromResult(new AnnotationOutcome(caption, objects, null, 0, 0));
    }
}
