using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Annotation.KeyObjects;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Evaluation.Report;
using Neurons.Model.Training;
using Xunit.Abstractions;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// The mini subset's acceptance checks, on one run of the repository's mini profile (<see cref="MiniPipelineRun"/>):
/// the reproducibility mask keeps exactly the vertices the generator made responsive (issue 4), the key-object
/// selector picks the object the generator moved (issue 6), and the tiny model learns the fMRI → CLIP-token
/// mapping well above chance (issue 9), and the HTML report opens cleanly in a real headless Chromium (issue 16).
/// </summary>
[Collection(MiniRunCollection.Name)]
public sealed class MiniAcceptanceTests
{
    private readonly MiniPipelineRun run;
    private readonly ITestOutputHelper output;

    public MiniAcceptanceTests(MiniPipelineRun run, ITestOutputHelper output)
    {
        this.run = run;
        this.output = output;
    }

    [Fact]
    public async Task FmriMask_OnTheMiniProfile_SelectsExactlyTheResponsiveVertices()
    {
        // Given the vertices the generator made responsive (mini.json)
        var responsive = run.Manifest.GetProperty("responsive_vertices").GetProperty("subject1").EnumerateArray().Select(e => e.GetInt32()).ToList();

        // When the mini profile's fmri_mask has run
        var mask = Assert.Single(await ParquetRows.ReadAsync<FmriMaskRow>(Path.Combine(run.Workspace, "fmri_masks", "all.parquet"), CancellationToken.None));

        // Then it keeps those vertices and no other
        var found = mask.VertexIndices.Intersect(responsive).Count();
        output.WriteLine($"responsive {responsive.Count} of {mask.Tested}; selected {mask.VertexIndices.Count}: {found} found, {mask.VertexIndices.Count - found} false (df {mask.Df})");
        Assert.InRange(responsive.Count, mask.Tested / 4, mask.Tested * 3 / 4);
        Assert.Equal(responsive.Order(), mask.VertexIndices.Order());
    }

    [Fact]
    public async Task KeyObject_OnTheMiniProfile_PicksTheMovingObject_UnlessAStillPriorityObjectOutranksIt()
    {
        // Given each clip's moving object and, in two-object clips, a still one; the reference rules choose a
        // priority category (man, woman, dog, fish, ...) first even when it does not move (total displacement 0
        // still counts), so a still priority object beside a moving non-priority one is legitimately the key object.
        var priority = KeyObjectCategories.Load(Path.Combine(MiniPipelineRun.RepositoryRoot(), "stages", "keyobject", "categories.yaml")).Priority;
        var clips = run.Manifest.GetProperty("clips").EnumerateArray().ToDictionary(c => c.GetProperty("clip_id").GetString()!);

        // When keyobject has run in reference mode on the imported masks
        var rows = new List<KeyObjectRow>();
        foreach (var file in Directory.GetFiles(Path.Combine(run.Workspace, "keyobjects"), "*.parquet"))
        {
            rows.AddRange(await ParquetRows.ReadAsync<KeyObjectRow>(file, CancellationToken.None));
        }

        // Then every clip's key object is the moving one, except where that rule picks the still priority object
        Assert.Equal(clips.Count, rows.Count);
        var moving = 0;
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var clip = clips[row.ClipId];
            var mover = clip.GetProperty("moving_object").GetString()!;
            var still = clip.GetProperty("objects").EnumerateArray().Skip(1).Select(o => o.GetProperty("name").GetString()!).ToList();
            var stillPriority = priority.Contains(mover) ? null : still.FirstOrDefault(priority.Contains);
            var expected = stillPriority ?? mover;
            if (row.KeyObject == mover)
            {
                moving++;
            }
            else
            {
                output.WriteLine($"{row.ClipId}: moving {mover}, key object {row.KeyObject} ({row.Reason}), still {string.Join(", ", still)}");
            }

            if (row.KeyObject != expected || (stillPriority is not null && row.Reason != "priority"))
            {
                mismatches.Add($"{row.ClipId}: expected {expected}, got {row.KeyObject} ({row.Reason})");
            }
        }

        output.WriteLine($"key object = moving object in {moving} of {rows.Count} clips; the others hold a still priority object beside a non-priority mover");
        Assert.Empty(mismatches);
        Assert.True(moving >= rows.Count * 3 / 4, $"only {moving} of {rows.Count} clips chose the moving object");
    }

    [Fact]
    public async Task Train_OnTheMiniProfile_ReachesThreeTimesChance_WithFallingLoss()
    {
        // Given the tiny model trained by the mini profile
        var history = (await ParquetRows.ReadAsync<TrainingRow>(Path.Combine(run.Workspace, "training", "all.parquet"), CancellationToken.None))
            .OrderBy(r => r.Epoch).ToList();
        using var sidecar = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(run.Workspace, "training", "all.meta.json")));
        var model = sidecar.RootElement.GetProperty("metadata").GetProperty("models").GetProperty("subject1");
        var best = model.GetProperty("best_fwd_top1").GetDouble();
        var chance = model.GetProperty("chance_top1").GetDouble();

        // When its history is read
        var first = history.Take(5).Average(r => r.TrainLoss);
        var last = history.TakeLast(5).Average(r => r.TrainLoss);
        var lastFwd = history.TakeLast(5).Average(r => r.TestForwardTop1);
        output.WriteLine($"best fwd top-1 {best:0.000} (epoch {model.GetProperty("best_epoch").GetInt32()}), last-5 mean {lastFwd:0.000}, chance {chance:0.000}; train loss {first:0.000} -> {last:0.000}");

        // Then the loss falls and test forward retrieval is at least 3x chance, at the chosen and at the last epochs
        Assert.True(last < 0.75 * first, $"train loss {first:0.000} -> {last:0.000} did not fall by a quarter");
        Assert.True(best >= 3 * chance, $"best fwd top-1 {best:0.000} < 3 x chance {chance:0.000}");
        Assert.True(lastFwd >= 3 * chance, $"last-5-epoch fwd top-1 {lastFwd:0.000} < 3 x chance {chance:0.000}");
    }

    [Fact]
    public async Task Decode_WithTheTestFmriShuffledAcrossClips_EveryMetricFallsToItsPermutationNull()
    {
        // Given the mini run's trained model, decoding on a copy of its workspace with each test clip given another
        // test clip's fMRI (decode's control option fmri_order: shuffled; nothing is trained again)
        var summary = await run.RerunOnCopyAsync(
            "ws-shuffled", new Dictionary<string, string> { ["NEURONS__stages__decode__fmri_order"] = "shuffled" }, "decode", "evaluate");

        // When every decoded metric that has a permutation null is compared with it
        var entries = summary.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("prediction").GetString() == "decoded" && e.TryGetProperty("null_std", out var sd) && sd.ValueKind == JsonValueKind.Number)
            .Select(e => (
                Name: $"{e.GetProperty("metric").GetString()} {e.GetProperty("variant").GetString()}".Trim(),
                Value: e.GetProperty("value").GetDouble(),
                Mean: e.GetProperty("null_mean").GetDouble(),
                Std: e.GetProperty("null_std").GetDouble(),
                P: e.GetProperty("p").GetDouble()))
            .ToList();
        foreach (var e in entries)
        {
            output.WriteLine($"{e.Name}: {e.Value:0.0000} null {e.Mean:0.0000} ± {e.Std:0.0000} p {e.P:0.000}");
        }

        // Then there are such metrics (the headline ones among them), and each falls to its null: none lies above its
        // null mean by more than 2 null standard deviations (the direction a signal would take, as the one-sided p-values
        // read it), none is significant at the p < 0.01 the real pairing must reach, and none lies more than 3 std away
        // on either side (N-way at its 1.0 ceiling lands 2.3 std below its null with the 12-epoch model; a value below
        // the null is no signal). 1e-9 absorbs float rounding where a null has no spread.
        Assert.Contains(entries, e => e.Name.StartsWith("ssim", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Name.StartsWith("dice", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Name.StartsWith("bleu", StringComparison.Ordinal));
        var outside = entries
            .Where(e => e.Value - e.Mean > (2 * e.Std) + 1e-9 || Math.Abs(e.Value - e.Mean) > (3 * e.Std) + 1e-9 || e.P < 0.01)
            .Select(e => $"{e.Name} {e.Value:0.0000} vs {e.Mean:0.0000} ± {e.Std:0.0000} (p {e.P:0.000})").ToList();
        Assert.True(outside.Count == 0, $"shuffled-fMRI metrics not at their null: {string.Join("; ", outside)}");
    }

    [Fact]
    public async Task Report_OnTheMiniProfile_OpensInChromiumWithEverySectionImageAndASortableGallery()
    {
        var index = Path.Combine(run.Workspace, "report", "all.files", "index.html");
        Assert.True(File.Exists(index), $"no report at {index}:\n{run.Output}");
        var html = await File.ReadAllTextAsync(index);
        var gallery = JsonNode.Parse(Regex.Match(html, "<script id=\"gallery-data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value)!.AsArray();
        var testClips = run.Manifest.GetProperty("clips").EnumerateArray().Count(c => c.GetProperty("split").GetString() == "test");
        Assert.Equal(testClips, gallery.Count);

        // Sort by the per-clip metric that varies most over the clips (Dice "authors" on the sanity run).
        var values = gallery.Select(c => c!["metrics"]!.AsObject()).ToList();
        var key = values.SelectMany(m => m.Select(p => p.Key)).Distinct()
            .OrderByDescending(k => values.Select(m => (double?)m[k] ?? double.NaN).Where(double.IsFinite).Distinct().Count()).ThenBy(k => k, StringComparer.Ordinal).First();
        var byValue = gallery.Select(c => (Id: (string)c!["id"]!, Value: (double?)c["metrics"]![key] ?? double.NaN)).Where(c => double.IsFinite(c.Value)).ToList();
        Assert.True(byValue.Select(c => c.Value).Distinct().Count() > 1, $"no per-clip metric varies: {string.Join(", ", values[0].Select(p => p.Key))}");

        var check = await ReportBrowserCheck.RunAsync(index, key);

        output.WriteLine($"sort key {key}; images {check.Images}; sections {string.Join(", ", check.Sections)}");

        // The run's stage table rows of evaluate and report (their seconds), for the log.
        output.WriteLine(string.Join('\n', run.Output.Split('\n').Where(l => l.TrimStart().StartsWith('│') && (l.Contains("│ stage ", StringComparison.Ordinal) || l.Contains("│ report ", StringComparison.Ordinal) || l.Contains("│ evaluate ", StringComparison.Ordinal)))));
        Assert.Empty(check.Errors);
        Assert.Equal(HtmlReportWriter.Sections, check.Sections);
        Assert.Empty(check.BrokenImages);
        Assert.True(check.Images >= 3 + Math.Min(24, testClips), $"only {check.Images} images on the page");
        var page = Math.Min(24, byValue.Count);
        Assert.Equal(byValue.OrderByDescending(c => c.Value).ThenBy(c => c.Id, StringComparer.Ordinal).Take(page).Select(c => c.Value), check.SortedDescending.Take(page).Select(id => byValue.Single(c => c.Id == id).Value));
        Assert.Equal(byValue.MinBy(c => c.Value).Value, byValue.Single(c => c.Id == check.SortedAscending[0]).Value);

        // Not blank: the first screen has the header's colour and many others.
        var shot = PngDecoder.Decode(check.Screenshot);
        var colours = Enumerable.Range(0, shot.Width * shot.Height).Select(i => (shot.Pixels[i * shot.Channels], shot.Pixels[(i * shot.Channels) + 1], shot.Pixels[(i * shot.Channels) + 2])).Distinct().Count();
        Assert.True(colours > 50, $"the screenshot has only {colours} colours");
    }

    [NibabelFact]
    public async Task TaskMaps_OnTheMiniProfile_OpenInNibabelAndTheConceptMapIsLargerOnTheResponsiveVertices()
    {
        // Given the generator's responsive vertices (mini.json) and the report's task maps of subject 1
        var responsive = run.Manifest.GetProperty("responsive_vertices").GetProperty("subject1").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var mask = Assert.Single(await ParquetRows.ReadAsync<FmriMaskRow>(Path.Combine(run.Workspace, "fmri_masks", "all.parquet"), CancellationToken.None));
        var path = Path.Combine(run.Workspace, "report", "all.files", "maps", "subject1_task_maps.dscalar.nii");
        Assert.True(File.Exists(path), $"no task maps at {path}:\n{run.Output}");

        // When nibabel loads the file
        const string script = """
            import sys, json, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1])
            d = np.asarray(img.get_fdata(), dtype=np.float64)
            models = img.header.get_axis(1)
            print(json.dumps({
                "names": [str(n) for n in img.header.get_axis(0).name],
                "structures": [s[0] for s in models.iter_structures()],
                "counts": [len(bm) for _, _, bm in models.iter_structures()],
                "nvertices": [int(v) for v in models.nvertices.values()],
                "concepts": [float(x) for x in d[0]],
            }))
            """;
        var (exit, text) = NibabelFactAttribute.RunPython(script, path);
        Assert.True(exit == 0, text);
        using var json = JsonDocument.Parse(text);
        var r = json.RootElement;
        var concepts = r.GetProperty("concepts").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var onResponsive = Enumerable.Range(0, concepts.Count).Where(responsive.Contains).Select(g => concepts[g]).ToList();
        var onOthers = Enumerable.Range(0, concepts.Count).Where(g => !responsive.Contains(g)).Select(g => concepts[g]).ToList();
        output.WriteLine($"concept map: mean {onResponsive.Average():G4} on {onResponsive.Count} responsive vertices, {onOthers.Average():G4} on {onOthers.Count} others; kept {mask.VertexIndices.Count}");

        // Then it holds the four named maps over both cortices' grayordinates of the runs (fs_LR 32k surfaces)
        Assert.Equal(["concepts", "masks", "caption", "blurry_video"], r.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], r.GetProperty("structures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(mask.Tested, r.GetProperty("counts").EnumerateArray().Sum(e => e.GetInt32()));
        Assert.All(r.GetProperty("nvertices").EnumerateArray(), e => Assert.Equal(32492, e.GetInt32()));

        // And the concept map is larger on the responsive vertices than on the others, every responsive one non-zero
        Assert.True(onResponsive.Average() > onOthers.Average(), $"concept map {onResponsive.Average()} on responsive vertices, {onOthers.Average()} on others");
        Assert.All(mask.VertexIndices, g => Assert.True(concepts[g] > 0, $"kept vertex {g} has a zero concept contribution"));
    }
}
