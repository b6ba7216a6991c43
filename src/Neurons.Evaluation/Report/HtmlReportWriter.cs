using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neurons.Evaluation.Report;

/// <summary>
/// Writes the static HTML report into a folder: <c>index.html</c> (run, Dataset, fMRI, Training, Metrics,
/// Task maps, and the per-clip gallery), <c>subject-&lt;s&gt;.html</c> per subject, plot PNGs under
/// <c>img/</c> and the clips' committed images under <c>clips/</c> (written or hard-linked as they are, never re-encoded: frame
/// strips and the key-object overlay are composed by the page's CSS). Styles and scripts are inline; nothing is
/// fetched. The gallery data is inline JSON rendered a page at a time with lazily loaded images, so thousands of
/// clips stay fast.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The ids of the sections of <c>index.html</c>, in page order.</summary>
    public static readonly IReadOnlyList<string> Sections = ["run", "dataset", "fmri", "training", "metrics", "task-maps", "gallery"];

    /// <summary>Writes the report; returns the path of <c>index.html</c>.</summary>
    /// <param name="model">The sections.</param>
    /// <param name="clips">The gallery clips, streamed (each one's images are written and released before the next).</param>
    /// <param name="directory">The folder to write (created).</param>
    /// <param name="cancellationToken">Cancels between clips.</param>
    public static async Task<string> WriteAsync(ReportModel model, IAsyncEnumerable<GalleryClip> clips, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clips);
        Directory.CreateDirectory(Path.Combine(directory, "img"));
        Directory.CreateDirectory(Path.Combine(directory, "clips"));

        var rendered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plot in model.Plots)
        {
            if (PlotRenderer.Render(plot, Path.Combine(directory, "img", plot.File)))
            {
                rendered.Add(plot.File);
            }
        }

        // Each clip's images are the committed PNG cells and files, written or linked as they are: the strips and
        // the key-object overlay are composed by the page's CSS, so nothing is decoded or re-encoded here.
        var gallery = new JsonArray();
        var clipsDirectory = Path.Combine(directory, "clips");
        await foreach (var clip in clips.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            gallery.Add(await WriteClipAsync(clip, clipsDirectory, cancellationToken).ConfigureAwait(false));
        }

        var index = Path.Combine(directory, "index.html");
        await File.WriteAllTextAsync(index, IndexPage(model, rendered, gallery), cancellationToken).ConfigureAwait(false);
        foreach (var subject in model.Subjects)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, SubjectPage(subject)), SubjectHtml(model, subject, rendered), cancellationToken).ConfigureAwait(false);
        }

        return index;
    }

    /// <summary>Returns the file name of a subject's page.</summary>
    public static string SubjectPage(int subject) => string.Create(CultureInfo.InvariantCulture, $"subject-{subject}.html");

    private static async Task<JsonObject> WriteClipAsync(GalleryClip clip, string clipsDirectory, CancellationToken cancellationToken)
    {
        var id = SafeName(clip.ClipId);
        var entry = new JsonObject
        {
            ["id"] = clip.ClipId,
            ["frames"] = await WriteAllAsync(clip.Frames, id + "_f", clipsDirectory, cancellationToken).ConfigureAwait(false),
            ["caption"] = clip.Caption,
            ["key"] = clip.KeyObject,
            ["concepts"] = new JsonArray([.. clip.Concepts.Select(c => (JsonNode?)c)]),
        };
        if (clip.KeyMasks.Count > 0)
        {
            entry["key_masks"] = await WriteAllAsync(clip.KeyMasks, id + "_key_f", clipsDirectory, cancellationToken).ConfigureAwait(false);
        }

        var metrics = new JsonObject();
        foreach (var (name, value) in clip.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metrics[name] = double.IsFinite(value) ? value : null;
        }

        entry["metrics"] = metrics;
        var decodings = new JsonArray();
        foreach (var d in clip.Decodings.OrderBy(d => d.Subject))
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{id}_s{d.Subject}");
            var node = new JsonObject
            {
                ["s"] = d.Subject,
                ["caption"] = d.Caption,
                ["top"] = new JsonArray([.. d.ConceptScores.OrderByDescending(c => c.Value).Take(5).Select(c => (JsonNode?)new JsonArray(c.Key, Math.Round(c.Value, 4)))]),
            };
            if (d.BlurryFrames.Count > 0)
            {
                node["blurry"] = await WriteAllAsync(d.BlurryFrames, prefix + "_blurry_f", clipsDirectory, cancellationToken).ConfigureAwait(false);
            }

            if (d.Masks.Count > 0)
            {
                node["masks"] = await WriteAllAsync(d.Masks, prefix + "_mask_f", clipsDirectory, cancellationToken).ConfigureAwait(false);
            }

            if (d.Video is { } video)
            {
                node["video"] = await WriteAsync(video, prefix + "_video", clipsDirectory, cancellationToken).ConfigureAwait(false);
            }

            decodings.Add(node);
        }

        entry["dec"] = decodings;
        return entry;
    }

    private static async Task<JsonArray> WriteAllAsync(IReadOnlyList<GalleryMedia> media, string stem, string clipsDirectory, CancellationToken cancellationToken)
    {
        var names = new JsonArray();
        for (var i = 0; i < media.Count; i++)
        {
            names.Add(await WriteAsync(media[i], stem + I(i), clipsDirectory, cancellationToken).ConfigureAwait(false));
        }

        return names;
    }

    /// <summary>Writes one medium under <c>clips/</c> as it is (bytes written, a committed file hard-linked or copied); returns its page-relative path.</summary>
    private static async Task<string> WriteAsync(GalleryMedia media, string stem, string clipsDirectory, CancellationToken cancellationToken)
    {
        var name = stem + media.Extension;
        var path = Path.Combine(clipsDirectory, name);
        if (media.File is { } file)
        {
            CommittedFiles.LinkOrCopy(file, path);
        }
        else
        {
            await File.WriteAllBytesAsync(path, media.Bytes, cancellationToken).ConfigureAwait(false);
        }

        return "clips/" + name;
    }

    private static string IndexPage(ReportModel model, HashSet<string> rendered, JsonArray gallery)
    {
        var html = new StringBuilder();
        Head(html, model.Title, model);
        Open(html, "run", "Run");
        Facts(html, model.RunFacts);
        html.Append("<p>Subjects: ");
        html.AppendJoin(" ", model.Subjects.Select(s => $"<a href=\"{SubjectPage(s)}\">subject {I(s)}</a>"));
        html.Append("</p></section>\n");

        DatasetSection(html, model);
        FmriSection(html, model, rendered, subject: 0);
        TrainingSection(html, model, rendered, subject: 0);
        MetricsSection(html, model, subject: 0);
        TaskMapSection(html, model, rendered, subject: 0);
        GallerySection(html, model, gallery);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static string SubjectHtml(ReportModel model, int subject, HashSet<string> rendered)
    {
        var html = new StringBuilder();
        Head(html, $"{model.Title}: subject {I(subject)}", model);
        FmriSection(html, model, rendered, subject);
        TrainingSection(html, model, rendered, subject);
        MetricsSection(html, model, subject);
        TaskMapSection(html, model, rendered, subject);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static void Head(StringBuilder html, string title, ReportModel model)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append("</title><style>").Append(ReportAssets.Style).Append("</style></head><body><header><h1>").Append(E(title)).Append("</h1><nav><a href=\"index.html\">overview</a>");
        foreach (var s in model.Subjects)
        {
            html.Append("<a href=\"").Append(SubjectPage(s)).Append("\">subject ").Append(I(s)).Append("</a>");
        }

        html.Append("</nav></header><main>\n");
    }

    private static void DatasetSection(StringBuilder html, ReportModel model)
    {
        Open(html, "dataset", "Dataset");
        if (model.Dataset is not { } d)
        {
            Empty(html, model, "dataset", "no dataset tables");
        }
        else
        {
            Bars(html, "Clips per split", d.ClipsPerSplit, model, "clips");
            Bars(html, "Annotation status (frames)", d.AnnotationStatus, model, "annotations");
            Facts(html, d.AnnotationFacts);
            if (d.AnnotationFailures.Count > 0)
            {
                Bars(html, "Annotation failures", d.AnnotationFailures, model, "annotations");
            }

            Bars(html, "Concepts (clips)", d.Concepts, model, "concepts");
            Bars(html, "Unmapped object names", d.Unmapped, model, "unmapped");
            Bars(html, "Key-object reasons", d.KeyObjectReasons, model, "keyobjects");
        }

        html.Append("</section>\n");
    }

    private static void FmriSection(StringBuilder html, ReportModel model, HashSet<string> rendered, int subject)
    {
        Open(html, "fmri", "fMRI");
        var subjects = model.Fmri.Where(f => subject == 0 || f.Subject == subject).ToList();
        if (subjects.Count == 0)
        {
            Empty(html, model, "fmri", "no fmri_masks rows");
        }
        else
        {
            html.Append("<table><tr><th>subject</th><th class=\"n\">tested</th><th class=\"n\">kept (V)</th><th class=\"n\">df</th><th class=\"n\">median z of kept</th></tr>");
            foreach (var f in subjects)
            {
                var median = f.MeanZ.Count == 0 ? double.NaN : f.MeanZ.Order().ElementAt(f.MeanZ.Count / 2);
                html.Append("<tr><td>").Append(I(f.Subject)).Append("</td><td class=\"n\">").Append(I(f.Tested)).Append("</td><td class=\"n\">").Append(I(f.Kept))
                    .Append("</td><td class=\"n\">").Append(I(f.Df)).Append("</td><td class=\"n\">").Append(F(median)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        Plots(html, model, rendered, "fmri", subject, "lag", "no fmri-lag curve");
        html.Append("</section>\n");
    }

    private static void TrainingSection(StringBuilder html, ReportModel model, HashSet<string> rendered, int subject)
    {
        Open(html, "training", "Training");
        Plots(html, model, rendered, "training", subject, "training", "no training history");
        Plots(html, model, rendered, "training2", subject, "stage2", "no stage-2 history (decoupler_training)");
        html.Append("</section>\n");
    }

    private static void Plots(StringBuilder html, ReportModel model, HashSet<string> rendered, string section, int subject, string missingKey, string fallback)
    {
        var plots = model.Plots.Where(p => p.Section == section && (subject == 0 || p.Subject == subject || p.Subject == 0) && rendered.Contains(p.File)).ToList();
        if (plots.Count == 0)
        {
            Empty(html, model, missingKey, fallback);
            return;
        }

        html.Append("<div class=\"plots\">");
        foreach (var p in plots)
        {
            html.Append("<img src=\"img/").Append(E(p.File)).Append("\" alt=\"").Append(E(p.Title)).Append("\" width=\"").Append(I(PlotRenderer.Width)).Append("\" height=\"").Append(I(PlotRenderer.Height)).Append("\">");
        }

        html.Append("</div>");
    }

    private static void MetricsSection(StringBuilder html, ReportModel model, int subject)
    {
        Open(html, "metrics", "Metrics");
        var rows = model.Metrics.Where(m => subject == 0 || m.Subject == subject || m.Subject == 0).ToList();
        if (rows.Count == 0)
        {
            Empty(html, model, "metrics", "no metrics summary");
        }
        else
        {
            html.Append("<table><tr><th>subject</th><th>prediction</th><th>metric</th><th>variant</th><th class=\"n\">value</th><th class=\"n\">±</th><th class=\"n\">null</th><th class=\"n\">p</th><th class=\"n\">chance</th><th class=\"n\">paper</th></tr>");
            foreach (var m in rows)
            {
                html.Append("<tr><td>").Append(m.Subject == 0 ? "–" : I(m.Subject)).Append("</td><td>").Append(E(m.Prediction.Length == 0 ? "–" : m.Prediction))
                    .Append("</td><td>").Append(E(m.Metric)).Append("</td><td>").Append(E(m.Variant)).Append("</td><td class=\"n\">").Append(F(m.Value))
                    .Append("</td><td class=\"n\">").Append(F(m.Std)).Append("</td><td class=\"n\">").Append(F(m.NullMean)).Append("</td><td class=\"n\">").Append(F(m.P))
                    .Append("</td><td class=\"n\">").Append(F(m.Chance)).Append("</td><td class=\"n\">").Append(F(m.Paper)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (model.MetricNotes.Count > 0)
        {
            html.Append("<ul>");
            foreach (var note in model.MetricNotes)
            {
                html.Append("<li>").Append(E(note)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>\n");
    }

    private static void TaskMapSection(StringBuilder html, ReportModel model, HashSet<string> rendered, int subject)
    {
        Open(html, "task-maps", "Task maps on the cortex");
        var maps = model.TaskMaps.Where(t => subject == 0 || t.Subject == subject).ToList();
        if (maps.Count == 0)
        {
            Empty(html, model, "task_maps", "no task maps");
        }

        foreach (var t in maps)
        {
            html.Append("<h3>subject ").Append(I(t.Subject)).Append(": <a href=\"").Append(E(t.File)).Append("\">").Append(E(Path.GetFileName(t.File))).Append("</a>");
            if (t.Table.Length > 0)
            {
                html.Append(" · <a href=\"").Append(E(t.Table)).Append("\">per-vertex table (CSV)</a>");
            }

            html.Append("</h3><p>").Append(E(t.Estimator)).Append("</p><p>")
                .Append(I(t.Clips)).Append(" clips; ").Append(I(t.Kept)).Append(" vertices read by the model of ").Append(I(t.Vertices))
                .Append(" cortical grayordinates in the file (the others are 0). Open it in Connectome Workbench (wb_view) on the subject's fs_LR 32k surfaces.</p>");
            html.Append("<table><tr><th>r</th>");
            foreach (var n in t.Names)
            {
                html.Append("<th class=\"n\">").Append(E(n)).Append("</th>");
            }

            html.Append("</tr>");
            for (var i = 0; i < t.Names.Count; i++)
            {
                html.Append("<tr><th>").Append(E(t.Names[i])).Append("</th>");
                for (var j = 0; j < t.Names.Count; j++)
                {
                    html.Append("<td class=\"n\">").Append(F(t.Correlation[i][j])).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
        }

        if (maps.Count > 0)
        {
            Plots(html, model, rendered, "task-maps", subject, "task_maps", "no task-map plot");
        }

        html.Append("</section>\n");
    }

    private static void GallerySection(StringBuilder html, ReportModel model, JsonArray gallery)
    {
        Open(html, "gallery", "Per-clip gallery");
        if (gallery.Count == 0)
        {
            Empty(html, model, "gallery", "no clips");
        }

        if (model.Missing.TryGetValue("decoded", out var decoded))
        {
            html.Append("<p class=\"empty\" data-missing=\"decoded\">").Append(E(decoded)).Append("</p>");
        }

        var keys = gallery.OfType<JsonObject>().SelectMany(c => (c["metrics"] as JsonObject)!.Select(m => m.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        html.Append("<div class=\"controls\"><label>sort by <select id=\"gallery-sort\"><option value=\"clip\">clip</option>");
        foreach (var key in keys)
        {
            html.Append("<option value=\"").Append(E(key)).Append("\">").Append(E(key)).Append("</option>");
        }

        html.Append("</select></label><select id=\"gallery-order\"><option value=\"asc\">ascending</option><option value=\"desc\">descending</option></select>");
        html.Append("<button id=\"gallery-prev\" type=\"button\">previous</button><button id=\"gallery-next\" type=\"button\">next</button><span id=\"gallery-page\"></span></div>");
        html.Append("<div id=\"gallery-list\"></div><script id=\"gallery-data\" type=\"application/json\">");

        // The default encoder escapes <, > and &, so the JSON cannot close the script element.
        html.Append(gallery.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        html.Append("</script><script>").Append(ReportAssets.GalleryScript).Append("</script></section>\n");
    }

    private static void Bars(StringBuilder html, string title, IReadOnlyList<NamedCount> counts, ReportModel model, string missingKey)
    {
        html.Append("<h3>").Append(E(title)).Append("</h3>");
        if (counts.Count == 0)
        {
            html.Append("<p>").Append(E(model.Missing.GetValueOrDefault(missingKey, "none"))).Append("</p>");
            return;
        }

        var max = Math.Max(1, counts.Max(c => c.Count));
        html.Append("<div class=\"bars\">");
        foreach (var c in counts)
        {
            html.Append("<span>").Append(E(c.Name)).Append("</span><i style=\"width:").Append(F(100.0 * c.Count / max, "F1")).Append("%\"></i><span>").Append(I(c.Count)).Append("</span>");
        }

        html.Append("</div>");
    }

    private static void Facts(StringBuilder html, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        if (facts.Count == 0)
        {
            return;
        }

        html.Append("<table>");
        foreach (var (key, value) in facts)
        {
            html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Open(StringBuilder html, string id, string title) =>
        html.Append("<section id=\"").Append(id).Append("\"><h2>").Append(E(title)).Append("</h2>");

    private static void Empty(StringBuilder html, ReportModel model, string key, string fallback) =>
        html.Append("<p class=\"empty\" data-missing=\"").Append(E(key)).Append("\">Not available: ").Append(E(model.Missing.GetValueOrDefault(key, fallback))).Append("</p>");

    private static string SafeName(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, string format = "G4") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";
}
