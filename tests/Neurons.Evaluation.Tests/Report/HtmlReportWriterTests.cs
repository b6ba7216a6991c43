using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Data.Imaging;
using Neurons.Evaluation.Report;

namespace Neurons.Evaluation.Tests.Report;

public sealed partial class HtmlReportWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("neurons-report-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task WriteAsync_WhenSectionsAreMissing_LabelsEachEmptySectionWithItsReason()
    {
        var model = new ReportModel
        {
            Missing = new Dictionary<string, string> { ["metrics"] = "evaluate has not run", ["task_maps"] = "no stage-2 model" },
        };

        var index = await HtmlReportWriter.WriteAsync(model, Clips(), directory, CancellationToken.None);

        var html = await File.ReadAllTextAsync(index);
        Assert.Equal(HtmlReportWriter.Sections, SectionIds().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("data-missing=\"metrics\">Not available: evaluate has not run</p>", html, StringComparison.Ordinal);
        Assert.Contains("data-missing=\"task_maps\">Not available: no stage-2 model</p>", html, StringComparison.Ordinal);
        Assert.Contains("data-missing=\"gallery\">Not available: no clips</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WithClips_WritesBoxAveragedStripsAndEscapedGalleryJson()
    {
        // Frame f of a 192x192 clip: left half (f*40, 0, 0), right half (0, 0, 200); the strip halves each
        // 64-px frame, so frame f's thumbnail is those colours on its left and right 32 columns.
        const int side = 192;
        var frames = new byte[6 * side * side * 3];
        for (var f = 0; f < 6; f++)
        {
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var o = (((f * side * side) + (y * side) + x) * 3);
                    frames[o] = x < side / 2 ? (byte)(f * 40) : (byte)0;
                    frames[o + 2] = x < side / 2 ? (byte)0 : (byte)200;
                }
            }
        }

        // One odd pixel on frame 0: thumbnail pixel 0 averages source pixels x, y = 0..1 (the centre of its 3 × 3
        // box), (40 + 0 + 0 + 0 + 2) / 4 = 10, rounded to a multiple of 4: 12.
        frames[0] = 40;
        var key = new byte[6 * 8 * 8];
        key[(8 * 2) + 4] = 1;
        var clip = new GalleryClip
        {
            ClipId = "test1_000",
            Frames = frames,
            Width = side,
            Height = side,
            Caption = "a </script><b>cat</b>",
            Metrics = new Dictionary<string, double> { ["dice"] = 0.25, ["ssim"] = double.NaN },
            KeyMasks = key,
            MaskWidth = 8,
            MaskHeight = 8,
            KeyObject = "cat",
        };

        var index = await HtmlReportWriter.WriteAsync(new ReportModel(), Clips(clip), directory, CancellationToken.None);

        var png = PngDecoder.Decode(Path.Combine(directory, "clips", "test1_000.png"));
        Assert.Equal((384, 64, 3), (png.Width, png.Height, png.Channels));
        Assert.Equal(12, png.Pixels[0]);
        Assert.Equal(new byte[] { 120, 0, 0 }, png.Pixels.AsSpan(((10 * 384) + (3 * 64) + 5) * 3, 3).ToArray());
        Assert.Equal(new byte[] { 0, 0, 200 }, png.Pixels.AsSpan(((10 * 384) + (3 * 64) + 40) * 3, 3).ToArray());

        // The key-object overlay is transparent but for half-transparent red where frame 0's mask cell (4, 2) lies:
        // thumbnail pixels x 32..39, y 16..23
        var overlay = PngDecoder.Decode(Path.Combine(directory, "clips", "test1_000_key.png"));
        Assert.Equal((384, 64, 4), (overlay.Width, overlay.Height, overlay.Channels));
        Assert.Equal(new byte[] { 255, 0, 0, 128 }, overlay.Pixels.AsSpan(((20 * 384) + 35) * 4, 4).ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, overlay.Pixels.AsSpan(((20 * 384) + 45) * 4, 4).ToArray());
        Assert.Equal(64, Enumerable.Range(0, 384 * 64).Count(p => overlay.Pixels[(p * 4) + 3] != 0));

        var html = await File.ReadAllTextAsync(index);
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
        var json = GalleryJson().Match(html).Groups[1].Value;
        var entry = Assert.Single(JsonNode.Parse(json)!.AsArray())!.AsObject();
        Assert.Equal("a </script><b>cat</b>", (string?)entry["caption"]);
        Assert.Equal(0.25, (double?)entry["metrics"]!["dice"]);
        Assert.Null(entry["metrics"]!["ssim"]);
        Assert.Contains("<option value=\"dice\">dice</option>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WithHistoryPlots_RendersPngsAndSubjectPages()
    {
        var plot = new ReportPlot
        {
            File = "loss.png",
            Title = "stage 1, subject 2: loss",
            Subject = 2,
            Section = "training",
            Series = [new PlotSeries("train_loss", [0, 1, 2], [3.0, 2.0, double.NaN])],
        };
        var empty = plot with { File = "empty.png", Series = [new PlotSeries("x", [0], [double.NaN])] };

        await HtmlReportWriter.WriteAsync(new ReportModel { Plots = [plot, empty], Subjects = [2] }, Clips(), directory, CancellationToken.None);

        var image = PngDecoder.Decode(Path.Combine(directory, "img", "loss.png"));
        Assert.Equal((640, 360), (image.Width, image.Height));
        Assert.False(File.Exists(Path.Combine(directory, "img", "empty.png")));
        var page = await File.ReadAllTextAsync(Path.Combine(directory, "subject-2.html"));
        Assert.Contains("<img src=\"img/loss.png\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("img/empty.png", page, StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<GalleryClip> Clips(params GalleryClip[] clips)
    {
        foreach (var clip in clips)
        {
            await Task.Yield();
            yield return clip;
        }
    }

    [GeneratedRegex("<section id=\"([^\"]+)\"")]
    private static partial Regex SectionIds();

    [GeneratedRegex("<script id=\"gallery-data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex GalleryJson();
}
