using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;

namespace Neurons.Cli.Reconstruct;

/// <summary>The one-page HTML view of a reconstruction: every output beside the others, linked by relative names, no scripts.</summary>
internal static class ReconstructPage
{
    /// <summary>Returns the page.</summary>
    /// <param name="manifest">The manifest (its <c>outputs</c> name the files).</param>
    /// <param name="row">The decoded row.</param>
    /// <param name="names">The concept names.</param>
    public static string Html(JsonObject manifest, DecodedRow row, IReadOnlyList<string> names)
    {
        var outputs = manifest["outputs"]!.AsObject();
        var html = new StringBuilder();
        var title = string.Create(CultureInfo.InvariantCulture, $"Subject {row.Subject} · {row.ClipId}");
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1200px}img.f{width:112px;height:112px;image-rendering:pixelated;margin:2px;border:1px solid #ccc}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}th{background:#f4f4f4}.row{display:flex;flex-wrap:wrap;align-items:center}")
            .Append("h2{margin-top:1.2em;font-size:1.1em}video,img.v{max-width:360px;margin-right:12px}</style></head><body>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n<p>").Append(E((string?)manifest["source"])).Append("<br>model ").Append(E((string?)manifest["model"]))
            .Append(string.Create(CultureInfo.InvariantCulture, $", seed {row.Seed}</p>\n"))
            .Append("<h2>Caption</h2><p><q>").Append(E(row.Caption)).Append("</q></p>\n");
        Strip(html, "Ground truth", outputs["truth_frames"]);
        Strip(html, "Blurry frames", outputs["blurry_frames"]);
        Strip(html, "Key-object masks", outputs["masks"]);
        html.Append("<h2>Videos</h2><div class=\"row\">");
        Video(html, "blurry", (string?)outputs["blurry_video"]);
        Video(html, "generated", (string?)outputs["generated_video"]);
        if ((string?)outputs["comparison_gif"] is { } gif)
        {
            html.Append("<figure><img class=\"v\" src=\"").Append(E(gif)).Append("\" alt=\"ground truth beside the generated video\"><figcaption>ground truth | generated</figcaption></figure>");
        }

        html.Append("</div>\n");
        if (manifest["generation"]?["reason"] is { } reason)
        {
            html.Append("<p>No generated video: ").Append(E((string?)reason)).Append("</p>\n");
        }

        html.Append("<h2>Concepts</h2><table><tr><th>concept</th><th>score</th><th>present</th></tr>");
        foreach (var (name, score) in names.Zip(row.ConceptScores).OrderByDescending(p => p.Second).Take(10))
        {
            html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(score.ToString("F3", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(score > 0.5f ? "yes" : string.Empty).Append("</td></tr>");
        }

        html.Append("</table>\n");
        if (outputs["contribution_maps"] is JsonArray maps)
        {
            html.Append("<h2>Voxel contributions</h2><p>Per sub-task, x·∂s/∂x of its scalar s for this sample (the estimator of the report's task maps); the vertices of largest magnitude.</p>");
            foreach (var map in maps.OfType<JsonObject>())
            {
                html.Append("<h3>").Append(E((string?)map["task"]));
                if ((string?)map["file"] is { } file)
                {
                    html.Append(" — <a href=\"").Append(E(file)).Append("\">").Append(E(file)).Append("</a>");
                }

                html.Append("</h3><table><tr><th>rank</th><th>grayordinate</th><th>structure</th><th>surface vertex</th><th>contribution</th></tr>");
                var rank = 1;
                foreach (var top in (map["top"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    html.Append(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{rank++}</td><td>{(int?)top["grayordinate"]}</td><td>{E((string?)top["structure"])}</td><td>{(int?)top["surface_vertex"]}</td><td>{(double?)top["value"]:G4}</td></tr>"));
                }

                html.Append("</table>\n");
            }
        }

        html.Append("<h2>Files</h2><ul>");
        foreach (var (key, value) in outputs)
        {
            if (value is JsonValue single)
            {
                html.Append("<li>").Append(E(key)).Append(": <a href=\"").Append(E((string?)single)).Append("\">").Append(E((string?)single)).Append("</a></li>");
            }
        }

        return html.Append("</ul>\n</body></html>\n").ToString();
    }

    private static void Strip(StringBuilder html, string title, JsonNode? files)
    {
        if (files is not JsonArray list)
        {
            return;
        }

        html.Append("<h2>").Append(E(title)).Append("</h2><div class=\"row\">");
        foreach (var file in list)
        {
            html.Append("<img class=\"f\" src=\"").Append(E((string?)file)).Append("\" alt=\"").Append(E(title)).Append("\">");
        }

        html.Append("</div>\n");
    }

    private static void Video(StringBuilder html, string caption, string? file)
    {
        if (file is null)
        {
            return;
        }

        html.Append("<figure><video controls loop muted src=\"").Append(E(file)).Append("\"></video><figcaption>").Append(E(caption)).Append(" (<a href=\"").Append(E(file)).Append("\">")
            .Append(E(file)).Append("</a>)</figcaption></figure>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
