using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Cifti;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Stages.Tests.Mini;
using Xunit.Abstractions;

namespace Neurons.Stages.Tests.Reconstruct;

/// <summary>
/// <c>pipeline reconstruct</c> on the mini profile's committed workspace (<see cref="MiniPipelineRun"/>, shared with the
/// acceptance tests): a test clip reconstructs to exactly what <c>decode</c> and <c>generate</c> committed for it, a raw
/// run's TR to exactly what the clip's fMRI row of that repeat gives, and bad input is one line and exit 2 (issue 24).
/// </summary>
[Collection(MiniRunCollection.Name)]
public sealed class ReconstructAcceptanceTests
{
    private const string Clip = "test1_003";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly MiniPipelineRun run;
    private readonly ITestOutputHelper output;

    public ReconstructAcceptanceTests(MiniPipelineRun run, ITestOutputHelper output)
    {
        this.run = run;
        this.output = output;
    }

    [Fact]
    public async Task Reconstruct_TestClip_EqualsWhatDecodeAndGenerateCommitted()
    {
        // Given the mini workspace the decode and generate stages committed
        var decodedFiles = Path.Combine(run.Workspace, "decoded", "test1.files");
        var generatedFiles = Path.Combine(run.Workspace, "generated", "test1.files");
        var committed = (await ParquetRows.ReadAsync<DecodedRow>(Path.Combine(run.Workspace, "decoded", "test1.parquet"), CancellationToken.None)).Single(r => r.Subject == 1 && r.ClipId == Clip);
        var generated = (await ParquetRows.ReadAsync<GeneratedRow>(Path.Combine(run.Workspace, "generated", "test1.parquet"), CancellationToken.None)).Single(r => r.Subject == 1 && r.ClipId == Clip);

        // When one test clip is reconstructed
        var (manifest, dir) = await ReconstructAsync("clip", "--clip", Clip);

        // Then its decoded row is the committed one, every column to the bit (the stage decodes each clip alone too)
        var row = await ReadRowAsync(dir);
        Assert.Equal(Exact(committed), Exact(row));
        Assert.Equal(JsonSerializer.Serialize(committed), JsonSerializer.Serialize(row));
        Assert.Equal(committed.Caption + "\n", await File.ReadAllTextAsync(Path.Combine(dir, "caption.txt")));

        // And every decoded file (frames, masks, video, GIF) is byte for byte the committed one
        var files = manifest["files"]!.AsArray().Select(f => (string)f!).ToList();
        var decodedNames = DecodedNames(manifest);
        Assert.Equal(13, decodedNames.Count);
        foreach (var name in decodedNames)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(decodedFiles, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))), $"{name} differs from the committed file");
        }

        // And the generated video is the committed one: its frames, keyframe, video and GIF
        var mine = Assert.Single(await ParquetRows.ReadAsync<GeneratedRow>(Path.Combine(dir, "generated.parquet"), CancellationToken.None));
        Assert.Equal((generated.Seed, generated.Prompt, generated.Width, generated.Frames.Count), (mine.Seed, mine.Prompt, mine.Width, mine.Frames.Count));
        Assert.True(generated.DecodeFrames().AsSpan().SequenceEqual(mine.DecodeFrames()), "the generated frames differ from the committed ones");
        Assert.True(generated.DecodeKeyframe().AsSpan().SequenceEqual(mine.DecodeKeyframe()), "the generated keyframe differs from the committed one");
        foreach (var name in new[] { generated.VideoFile, generated.GifFile })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(generatedFiles, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))), $"{name} differs from the committed file");
        }

        Assert.Equal(PngEncoder.Encode(mine.Width, mine.Height, 3, mine.DecodeKeyframe()), File.ReadAllBytes(Path.Combine(dir, (string)manifest["outputs"]!["keyframe"]!)));
        Assert.Equal(generated.Prompt, (string?)manifest["generation"]!["prompt"]);
        Assert.Equal(6, manifest["outputs"]!["truth_frames"]!.AsArray().Count);
        Assert.Contains("<h1>", await File.ReadAllTextAsync(Path.Combine(dir, "index.html")), StringComparison.Ordinal);

        // And each sub-task's top contributing vertices are among the generator's responsive ones, with non-zero contributions
        var responsive = run.Manifest.GetProperty("responsive_vertices").GetProperty("subject1").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var maps = manifest["outputs"]!["contribution_maps"]!.AsArray();
        Assert.Equal(["concepts", "masks", "caption", "blurry_video"], maps.Select(m => (string?)m!["task"]));
        Assert.All(maps, m =>
        {
            var top = m!["top"]!.AsArray();
            Assert.Equal(10, top.Count);
            Assert.All(top, v => Assert.Contains((int)v!["grayordinate"]!, responsive));
            Assert.Contains(top, v => (double)v!["value"]! != 0);
            Assert.Equal($"s1_{Clip}_contributions_{(string?)m["task"]}.dscalar.nii", (string?)m["file"]);
        });

        // And each map is a dense scalar CIFTI that nibabel opens, holding the table's values at its grayordinates
        await AssertOpensInNibabelAsync(Path.Combine(dir, (string)maps[0]!["file"]!), maps[0]!["top"]!.AsArray());
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        Assert.Equal(files.Order(StringComparer.Ordinal), Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reconstruct_OneRepeatRunFile_EqualsTheClipDecodedFromThatRepeatsFmriRow()
    {
        // Given the test run file of repeat 1 and the fmri row the stage wrote from it for the clip (TR 3)
        var fmri = (await ParquetRows.ReadAsync<FmriRow>(Path.Combine(run.Workspace, "fmri", "test1.parquet"), CancellationToken.None)).Single(r => r.Subject == 1 && r.ClipId == Clip && r.Repeat == 1);
        var cifti = Path.Combine(run.Dataset, "subject1", "fmri", "test1", "cifti", "test1_1_Atlas.dtseries.nii");

        // When the run's TR is reconstructed, and the clip from that one repeat (decoding only: generation is a function of the decoded row)
        var (fromRun, runDir) = await ReconstructAsync("cifti", "--cifti", cifti, "--tr", fmri.TrIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), "--decode-only");
        var (_, repeatDir) = await ReconstructAsync("repeat", "--clip", Clip, "--repeat", "1", "--decode-only");

        // Then the preprocessed sample is the stage's row exactly, and every output is the same
        Assert.Equal(fmri.Voxels, ReadNpy(Path.Combine(runDir, "fmri_sample.npy")));
        Assert.Equal(Clip, (string?)fromRun["clip_id"]);
        Assert.Equal(JsonSerializer.Serialize(await ReadRowAsync(repeatDir)), JsonSerializer.Serialize(await ReadRowAsync(runDir)));
        foreach (var name in DecodedNames(fromRun))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(repeatDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(runDir, name))), $"{name} differs");
        }
    }

    [Fact]
    public async Task Reconstruct_BadInput_OneLineAndExit2()
    {
        // Given a CIFTI whose brain models do not cover the subject's mask, and a folder holding another file
        var scratch = Path.Combine(run.Root, "bad-input");
        Directory.CreateDirectory(scratch);
        var small = Path.Combine(scratch, "test1_1_Atlas.dtseries.nii");
        CiftiWriter.Write(small, [new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 4, 10, [0, 1, 2, 3])], 245, new float[4 * 245]);
        var taken = Path.Combine(scratch, "taken");
        Directory.CreateDirectory(taken);
        await File.WriteAllTextAsync(Path.Combine(taken, "notes.txt"), "mine");

        // When reconstruct is given each bad input / Then one line naming it, exit 2
        string[][] cases =
        [
            ["--subject", "1", "--clip", "test1_999"],
            ["--subject", "1", "--cifti", Path.Combine(run.Dataset, "subject1", "fmri", "test1", "cifti", "test1_1_Atlas.dtseries.nii"), "--tr", "99"],
            ["--subject", "7", "--clip", Clip],
            ["--subject", "1", "--cifti", small, "--tr", "3"],
            ["--subject", "1", "--clip", Clip, "--out", taken],
        ];
        string[] named = ["test1_999", "--tr 99", "subject 7", "brain models", "notes.txt"];
        var results = await Task.WhenAll(cases.Select(c => run.PipelineAsync(Timeout, ["reconstruct", "--config", Path.Combine(MiniPipelineRun.RepositoryRoot(), "pipeline.yaml"), "--profile", "mini", .. c])));
        for (var i = 0; i < cases.Length; i++)
        {
            var (exitCode, stdout, stderr) = results[i];
            output.WriteLine(stderr.Trim());
            Assert.Equal(2, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(named[i], line, StringComparison.Ordinal);
            Assert.Equal(string.Empty, stdout.Trim());
        }

        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(taken).Select(Path.GetFileName));
    }

    private async Task<(JsonObject Manifest, string Directory)> ReconstructAsync(string name, params string[] args)
    {
        var dir = Path.Combine(run.Root, "reconstruct-" + name);
        var (exitCode, stdout, stderr) = await run.PipelineAsync(Timeout, ["reconstruct", "--config", Path.Combine(MiniPipelineRun.RepositoryRoot(), "pipeline.yaml"), "--profile", "mini", "--subject", "1", "--out", dir, "--json", .. args]);
        Assert.True(exitCode == 0, $"reconstruct exited {exitCode}: {stderr}");
        var manifest = JsonNode.Parse(stdout)!.AsObject();
        output.WriteLine($"reconstruct {string.Join(' ', args)}: {manifest["seconds"]!.ToJsonString()}");
        return (manifest, dir);
    }

    private async Task AssertOpensInNibabelAsync(string path, JsonArray top)
    {
        const string Script = """
            import sys, json, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1])
            d = np.asarray(img.get_fdata(), dtype=np.float64)
            print(json.dumps({"cls": type(img).__name__, "axis": type(img.header.get_axis(0)).__name__, "shape": list(d.shape), "values": [float(v) for v in d[0]]}))
            """;
        // Debian's python3-nibabel lives in the system interpreter, which a pyenv shim on PATH may hide.
        string? interpreter = null;
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            var probeInfo = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            probeInfo.ArgumentList.Add("-c");
            probeInfo.ArgumentList.Add("import nibabel");
            try
            {
                using var probe = System.Diagnostics.Process.Start(probeInfo)!;
                await probe.WaitForExitAsync();
                if (probe.ExitCode == 0)
                {
                    interpreter = python;
                    break;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No such interpreter.
            }
        }

        if (interpreter is null)
        {
            output.WriteLine("python3-nibabel is not installed (./test installs it): the nibabel check of the map was not run");
            return;
        }

        var info = new System.Diagnostics.ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(path);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        var loaded = JsonNode.Parse(stdout)!;
        Assert.Equal(("Cifti2Image", "ScalarAxis"), ((string?)loaded["cls"], (string?)loaded["axis"]));
        var values = loaded["values"]!.AsArray().Select(v => (double)v!).ToList();
        Assert.Equal(1, (int)loaded["shape"]![0]!);
        Assert.All(top, v => Assert.Equal((double)v!["value"]!, values[(int)v["grayordinate"]!], 6));
    }

    // Every column but the four float ones and the frames, compared with tolerances.
    private static string Exact(DecodedRow row)
    {
        var json = JsonSerializer.SerializeToNode(row)!.AsObject();
        foreach (var name in new[] { "concept_scores", "keyframe_weights", "blurry_latents", "keyframe_tokens", "blurry_frames" })
        {
            Assert.True(json.Remove(name), name);
        }

        return json.ToJsonString();
    }

    private static List<string> DecodedNames(JsonObject manifest) =>
        [.. manifest["files"]!.AsArray().Select(f => (string)f!).Where(f => f.StartsWith($"s1_{Clip}_blurry", StringComparison.Ordinal) || f.StartsWith($"s1_{Clip}_mask", StringComparison.Ordinal))];

    private static async Task<DecodedRow> ReadRowAsync(string dir) =>
        Assert.Single(await ParquetRows.ReadAsync<DecodedRow>(Path.Combine(dir, "decoded.parquet"), CancellationToken.None));

    private static List<float> ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var data = bytes.AsSpan(10 + headerLength);
        return [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray()];
    }
}
