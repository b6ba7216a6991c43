using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Neurons.Data.Export;
using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Export;

public sealed class NeuroClipsExporterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("export-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Export_WritesTheReferenceShapesInSplitOrder()
    {
        // Given train seg1 + seg2 (2 clips each, 2 repeats) and test1 (2 clips, 3 repeats), V = 3
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);

        // When exported
        var manifest = await NeuroClipsExporter.ExportAsync(clips, fmri, Path.Combine(dir, "out"), CancellationToken.None);

        // Then subj01_train_fmri is (4, 2, 3) seg-major, subj01_test_fmri (2, 3, 3), GT arrays (N, 6, 3, 2, 2)
        var (shape, data) = ReadFloat(Path.Combine(dir, "out", "subj01_train_fmri.npy"));
        Assert.Equal([4, 2, 3], shape);
        Assert.Equal(Value(split: 2, repeat: 2, k: 1), data[(((2 * 2) + 1) * 3) + 1]);
        Assert.Equal([2, 3, 3], ReadFloat(Path.Combine(dir, "out", "subj01_test_fmri.npy")).Shape);
        Assert.Equal([4, 6, 3, 2, 2], ReadShape(Path.Combine(dir, "out", "GT_train_3fps.npy")));
        Assert.Equal(3, manifest["subjects"]![0]!["v"]!.GetValue<int>());
        Assert.Equal(["seg1_000", "seg1_001", "seg2_000", "seg2_001"], manifest["clip_ids"]!["train"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(File.Exists(Path.Combine(dir, "out", "manifest.json")));
    }

    [Fact]
    public async Task Export_Frames_AreChannelsFirst()
    {
        // Given clips whose HWC byte at (frame f, y, x, c) is 100 f + 10 (2y + x) + c
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);

        // When exported
        await NeuroClipsExporter.ExportAsync(clips, fmri, Path.Combine(dir, "out"), CancellationToken.None);

        // Then GT[clip 1, frame 2, channel 1, y 1, x 0] = 200 + 20 + 1 + clip offset
        var b = File.ReadAllBytes(Path.Combine(dir, "out", "GT_train_3fps.npy"));
        var offset = b.Length - (4 * 6 * 3 * 4);
        var index = (1 * 72) + (2 * 12) + (1 * 4) + (1 * 2) + 0;
        Assert.Equal((byte)(200 + 20 + 1 + 1), b[offset + index]);
    }

    [Fact]
    public async Task Export_WhenATestRepeatWasDropped_FillsItWithTheMeanOfTheOthers()
    {
        // Given test1 with repeats 1 and 3 only (repeat 2 dropped)
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 3]);

        // When exported
        var manifest = await NeuroClipsExporter.ExportAsync(clips, fmri, Path.Combine(dir, "out"), CancellationToken.None);

        // Then the array still has 3 repeats, repeat 2 = mean(repeat 1, repeat 3), and the manifest says so
        var (shape, data) = ReadFloat(Path.Combine(dir, "out", "subj01_test_fmri.npy"));
        Assert.Equal([2, 3, 3], shape);
        var expected = (Value(0, 1, 2) + Value(0, 3, 2)) / 2;
        Assert.Equal(expected, data[(((0 * 3) + 1) * 3) + 2], 5);
        Assert.Equal(["subject1/test1/2"], manifest["filled_repeats"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Export_WhenShardsDisagreeOnTheVertexSet_FailsNamingTheShard()
    {
        // Given seg2's sidecar with different vertex indices
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);
        var seg2 = fmri.Single(s => s.Name == "seg2");
        seg2.Metadata["subjects"]![0]!["vertex_indices"] = new JsonArray(1, 2, 9);

        // When / Then
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => NeuroClipsExporter.ExportAsync(clips, fmri, Path.Combine(dir, "out"), CancellationToken.None));
        Assert.StartsWith("fmri/seg2: subject 1's vertex set", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "out")));
    }

    [Fact]
    public async Task Export_IntoAFolderThatIsNotEmpty_RefusesAndChangesNothing()
    {
        // Given a folder holding a file of the user's named like an export
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);
        var target = Directory.CreateDirectory(Path.Combine(dir, "out")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "manifest.json"), "mine");

        // When exported into it without replace
        var error = await Assert.ThrowsAsync<IOException>(() => NeuroClipsExporter.ExportAsync(clips, fmri, target, CancellationToken.None));

        // Then it is refused and the folder holds just the user's file, unchanged
        Assert.Contains("is not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(["manifest.json"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "manifest.json")));
    }

    [Fact]
    public async Task Export_WithReplace_ReplacesOnlyItsOwnFilesAndLeavesNoTemporaryFile()
    {
        // Given a folder with the user's notes and a same-named manifest, and a dead export's temporary file
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);
        var target = Directory.CreateDirectory(Path.Combine(dir, "out")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "mine");
        await File.WriteAllTextAsync(Path.Combine(target, "manifest.json"), "old");
        using (var done = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            done.WaitForExit();
            await File.WriteAllTextAsync(Path.Combine(target, $"GT_test_3fps.npy.tmp-{Neurons.Files.TempOwner.Host}_{done.Id}"), "half");
        }

        // When exported with replace
        await NeuroClipsExporter.ExportAsync(clips, fmri, target, replace: true, CancellationToken.None);

        // Then the notes are kept, the manifest is the export's, and only the export's files are beside them
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "notes.txt")));
        Assert.StartsWith("{", await File.ReadAllTextAsync(Path.Combine(target, "manifest.json")), StringComparison.Ordinal);
        Assert.Equal(
            ["GT_test_3fps.npy", "GT_train_3fps.npy", "manifest.json", "notes.txt", "subj01_test_fmri.npy", "subj01_train_fmri.npy"],
            Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_WithDecodedShards_WritesEachSubjectsOutputsInTheTestOrder()
    {
        // Given the two test clips decoded for subjects 1 and 2, rows stored out of order
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);
        var decoded = await DecodedAsync([(1, 1), (2, 1), (1, 0), (2, 0)]);
        var outDir = Path.Combine(dir, "out");

        // When exported
        var manifest = await NeuroClipsExporter.ExportAsync(clips, fmri, decoded, outDir, replace: false, CancellationToken.None);

        // Then recon_videos is (2, 6, 3, 2, 2) float32 = bytes / 255, channels first: [clip 1, frame 2, channel 1,
        // y 1, x 0] is HWC byte (2·4 + 1·2 + 0)·3 + 1 = 31, plus 50·clip + subject = 82
        var (shape, videos) = ReadFloat(Path.Combine(outDir, "subj01_recon_videos.npy"));
        Assert.Equal([2, 6, 3, 2, 2], shape);
        Assert.Equal(82f / 255f, videos[(((((1 * 6) + 2) * 3) + 1) * 4) + 2]);
        Assert.Equal(83f / 255f, ReadFloat(Path.Combine(outDir, "subj02_recon_videos.npy")).Data[(((((1 * 6) + 2) * 3) + 1) * 4) + 2]);

        // And the latents, masks and scores of clip 1 are its row's values, at index 1
        var (latentShape, latents) = ReadFloat(Path.Combine(outDir, "subj01_pred_test_blurry_latents.npy"));
        Assert.Equal([2, 6, 4, 1, 1], latentShape);
        Assert.Equal(Enumerable.Range(0, 24).Select(k => (0.5f * k) + 1 + 10), latents.Skip(24));
        var maskBytes = File.ReadAllBytes(Path.Combine(outDir, "subj01_pred_test_masks.npy"));
        Assert.Equal([2, 6, 2, 2], ReadShape(Path.Combine(outDir, "subj01_pred_test_masks.npy")));
        Assert.Equal(Enumerable.Range(0, 24).Select(k => (byte)((k + 1) % 2)), maskBytes[^24..]);
        var (scoreShape, scores) = ReadFloat(Path.Combine(outDir, "subj02_pred_test_concept_scores.npy"));
        Assert.Equal([2, 3], scoreShape);
        Assert.Equal([0f, 0.2f, 0.3f + 2, 0.1f, 0.2f, 0.3f + 2], scores);

        // And the captions are a numpy str array: <U18 (the longer caption), UTF-32 little-endian, zero-padded
        var captions = File.ReadAllBytes(Path.Combine(outDir, "subj01_pred_test_caption_self.npy"));
        Assert.Contains("'descr': '<U18'", Encoding.ASCII.GetString(captions, 10, 64), StringComparison.Ordinal);
        var first = captions.AsSpan(captions.Length - (2 * 18 * 4), 18 * 4);
        Assert.Equal([0x61, 0, 0, 0], first[..4].ToArray());
        Assert.Equal([0xE9, 0, 0, 0], first[(5 * 4)..(6 * 4)].ToArray());
        Assert.Equal([0x15, 0x26, 0, 0], first[(7 * 4)..(8 * 4)].ToArray());
        Assert.All(first[(8 * 4)..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal("two dogs and a cat", Encoding.UTF32.GetString(captions.AsSpan(captions.Length - (18 * 4))));

        // And the manifest lists every array and the decoded subjects
        var files = manifest["arrays"]!.AsArray().Select(a => a!["file"]!.GetValue<string>()).ToList();
        foreach (var s in new[] { "01", "02" })
        {
            Assert.Contains($"subj{s}_pred_test_top_concept.npy", files);
            Assert.True(File.Exists(Path.Combine(outDir, $"subj{s}_pred_test_top_concept.npy")));
        }

        Assert.Equal([1, 2], manifest["decoded"]!["subjects"]!.AsArray().Select(n => n!["subject"]!.GetValue<int>()));
        Assert.Equal("as_is", manifest["decoded"]!["subjects"]![0]!["fmri_order"]![0]!.GetValue<string>());
        Assert.DoesNotContain(Directory.GetFiles(outDir), f => f.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_WhenASubjectsDecodedRowsMissATestClip_FailsNamingItAndWritesNothing()
    {
        // Given subject 1 decoded for test1_000 only
        var (clips, fmri) = await DatasetAsync(testRepeats: [1, 2, 3]);
        var decoded = await DecodedAsync([(1, 0)]);
        var outDir = Path.Combine(dir, "out");

        // When exported / Then it fails naming the clip, and no file (final or temporary) is left
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NeuroClipsExporter.ExportAsync(clips, fmri, decoded, outDir, replace: false, CancellationToken.None));
        Assert.StartsWith("decoded: subject 1 has no row for test clip test1_001", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }

    private async Task<List<ExportShard>> DecodedAsync(IReadOnlyList<(int Subject, int Clip)> rows)
    {
        var decodedRows = rows.Select(r => new DecodedRow
        {
            ClipId = $"test1_{r.Clip:000}",
            Split = "test",
            Segment = "test1",
            SplitIndex = r.Clip,
            Subject = r.Subject,
            FmriClipId = $"test1_{r.Clip:000}",
            Caption = r.Clip == 0 ? "a café ☕" : "two dogs and a cat",
            ConceptScores = [0.1f * r.Clip, 0.2f, 0.3f + r.Subject],
            TopConcept = "dog",
            MaskSize = 2,
            Masks = [.. Enumerable.Range(0, 6).Select(f => TableImages.FromMaskBytes(Enumerable.Range(f * 4, 4).Select(k => (byte)((k + r.Clip) % 2)).ToArray(), 2, 2))],
            Width = 2,
            Height = 2,
            BlurryFrames = TableImages.FromRgbFrames(Enumerable.Range(0, 72).Select(b => (byte)(b + (50 * r.Clip) + r.Subject)).ToArray(), 2, 2),
            LatentSide = 1,
            BlurryLatents = [.. Enumerable.Range(0, 24).Select(k => (0.5f * k) + r.Clip + (10 * r.Subject))],
        }).ToList();
        var path = Path.Combine(dir, "decoded-test1.parquet");
        await ParquetRows.WriteAsync(path, decodedRows, CancellationToken.None);
        return [new ExportShard("test1", "test", path, new JsonObject { ["fmri_order"] = "as_is" })];
    }

    private static float Value(int split, int repeat, int k) => (100 * split) + (10 * repeat) + k;

    private async Task<(List<ExportShard> Clips, List<ExportShard> Fmri)> DatasetAsync(int[] testRepeats)
    {
        var clips = new List<ExportShard>();
        var fmri = new List<ExportShard>();
        foreach (var (segment, split, offset, repeats) in new[] { ("seg1", "train", 0, new[] { 1, 2 }), ("seg2", "train", 2, new[] { 1, 2 }), ("test1", "test", 0, testRepeats) })
        {
            var clipRows = Enumerable.Range(0, 2).Select(i => new ClipRow
            {
                ClipId = $"{segment}_{i:000}",
                Split = split,
                Segment = segment,
                TrIndex = i,
                SplitIndex = offset + i,
                Width = 2,
                Height = 2,
                Frames = TableImages.FromRgbFrames(Enumerable.Range(0, 6 * 2 * 2 * 3).Select(b => (byte)((100 * (b / 12)) + (10 * (b % 12 / 3)) + (b % 3) + offset + i)).ToArray(), 2, 2),
            }).ToList();
            var clipPath = Path.Combine(dir, $"clips-{segment}.parquet");
            await ParquetRows.WriteAsync(clipPath, clipRows, CancellationToken.None);
            clips.Add(new ExportShard(segment, split, clipPath, []));

            var rows = repeats.SelectMany(r => clipRows.Select(c => new FmriRow
            {
                ClipId = c.ClipId,
                Split = split,
                Segment = segment,
                TrIndex = c.TrIndex,
                SplitIndex = c.SplitIndex,
                Subject = 1,
                Repeat = r,
                Voxels = Enumerable.Range(0, 3).Select(k => Value(c.SplitIndex, r, k)).ToList(),
            }));
            var fmriPath = Path.Combine(dir, $"fmri-{segment}.parquet");
            await ParquetRows.WriteAsync(fmriPath, rows, CancellationToken.None, rowGroupSize: 2);
            var metadata = new JsonObject
            {
                ["lag_trs"] = 0,
                ["subjects"] = new JsonArray(new JsonObject
                {
                    ["subject"] = 1,
                    ["v"] = 3,
                    ["vertex_indices"] = new JsonArray(1, 2, 5),
                    ["repeats"] = new JsonArray(repeats.Select(r => (JsonNode)r).ToArray()),
                }),
            };
            fmri.Add(new ExportShard(segment, split, fmriPath, metadata));
        }

        return (clips, fmri);
    }

    private static long[] ReadShape(string path)
    {
        var b = File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8));
        var text = Encoding.ASCII.GetString(b, 10, length);
        var inner = text[(text.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        inner = inner[..inner.IndexOf(')', StringComparison.Ordinal)];
        return inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
    }

    private static (long[] Shape, float[] Data) ReadFloat(string path)
    {
        var b = File.ReadAllBytes(path);
        var shape = ReadShape(path);
        var count = (int)shape.Aggregate(1L, (x, y) => x * y);
        var offset = b.Length - (4 * count);
        return (shape, Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(offset + (4 * i)))).ToArray());
    }
}
