using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
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
    public async Task WriteAsync_WithClips_WritesTheCommittedImagesAsTheyAreAndEscapedGalleryJson()
    {
        // Given a clip whose frames, key-object masks, decoded masks and blurry frames are committed PNG cells
        // (frame f is filled with grey f * 40) and a committed generated video
        var frames = Enumerable.Range(0, 6).Select(f => TableImages.FromRgb(Enumerable.Repeat((byte)(f * 40), 4 * 3 * 3).ToArray(), 4, 3).Bytes).ToList();
        var keyMasks = Enumerable.Range(0, 6).Select(f => TableImages.FromMaskBytes(Enumerable.Range(0, 8 * 8).Select(i => (byte)(i == f ? 1 : 0)).ToArray(), 8, 8).Bytes).ToList();
        var video = Path.Combine(directory, "committed", "s1_test1_000.gif");
        Directory.CreateDirectory(Path.GetDirectoryName(video)!);
        await File.WriteAllBytesAsync(video, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2, 3]);
        var clip = new GalleryClip
        {
            ClipId = "test1_000",
            Frames = [.. frames.Select(b => GalleryMedia.Png(b))],
            Caption = "a </script><b>cat</b>",
            Metrics = new Dictionary<string, double> { ["dice"] = 0.25, ["ssim"] = double.NaN },
            KeyMasks = [.. keyMasks.Select(b => GalleryMedia.Png(b))],
            KeyObject = "cat",
            Decodings =
            [
                new GalleryDecoding
                {
                    Subject = 1,
                    Caption = "a dog",
                    ConceptScores = [new("animal", 0.9), new("road", 0.2)],
                    BlurryFrames = [.. frames.Select(b => GalleryMedia.Png(b))],
                    Masks = [.. keyMasks.Select(b => GalleryMedia.Png(b))],
                    Video = GalleryMedia.Committed(video),
                },
            ],
        };

        // When the report is written
        var index = await HtmlReportWriter.WriteAsync(new ReportModel(), Clips(clip), directory, CancellationToken.None);

        // Then every image is the committed file byte for byte, named in the gallery JSON in frame order
        var html = await File.ReadAllTextAsync(index);
        var entry = Assert.Single(JsonNode.Parse(GalleryJson().Match(html).Groups[1].Value)!.AsArray())!.AsObject();
        var decoded = Assert.Single(entry["dec"]!.AsArray())!.AsObject();
        Assert.Equal(Enumerable.Range(0, 6).Select(f => $"clips/test1_000_f{f}.png"), entry["frames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(Enumerable.Range(0, 6).Select(f => $"clips/test1_000_key_f{f}.png"), entry["key_masks"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(Enumerable.Range(0, 6).Select(f => $"clips/test1_000_s1_blurry_f{f}.png"), decoded["blurry"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(Enumerable.Range(0, 6).Select(f => $"clips/test1_000_s1_mask_f{f}.png"), decoded["masks"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("clips/test1_000_s1_video.gif", (string?)decoded["video"]);
        for (var f = 0; f < 6; f++)
        {
            Assert.Equal(frames[f], await File.ReadAllBytesAsync(Path.Combine(directory, "clips", $"test1_000_f{f}.png")));
            Assert.Equal(keyMasks[f], await File.ReadAllBytesAsync(Path.Combine(directory, "clips", $"test1_000_key_f{f}.png")));
            Assert.Equal(frames[f], await File.ReadAllBytesAsync(Path.Combine(directory, "clips", $"test1_000_s1_blurry_f{f}.png")));
            Assert.Equal(keyMasks[f], await File.ReadAllBytesAsync(Path.Combine(directory, "clips", $"test1_000_s1_mask_f{f}.png")));
        }

        Assert.Equal(await File.ReadAllBytesAsync(video), await File.ReadAllBytesAsync(Path.Combine(directory, "clips", "test1_000_s1_video.gif")));
        Assert.Equal((4, 3, 3, (byte)200), Decoded(Path.Combine(directory, "clips", "test1_000_f5.png")));

        // And the top concept scores, the escaped caption and the sortable metrics are in the JSON and the page
        Assert.Equal("animal", (string?)decoded["top"]![0]![0]);
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
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

    private static (int Width, int Height, int Channels, byte First) Decoded(string path)
    {
        var png = PngDecoder.Decode(path);
        return (png.Width, png.Height, png.Channels, png.Pixels[0]);
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
