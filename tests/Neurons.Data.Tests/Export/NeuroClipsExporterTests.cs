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
            await File.WriteAllTextAsync(Path.Combine(target, $"GT_test_3fps.npy.tmp-{Neurons.Engine.Workspace.TempOwner.Host}_{done.Id}"), "half");
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
                Frames = Enumerable.Range(0, 6 * 2 * 2 * 3).Select(b => (byte)((100 * (b / 12)) + (10 * (b % 12 / 3)) + (b % 3) + offset + i)).ToArray(),
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
