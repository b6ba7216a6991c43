using System.Security.Cryptography;
using System.Text.Json;
using Neurons.Data.Cc2017;
using Neurons.Data.Cifti;
using Neurons.Data.Mini;
using Neurons.Files;

namespace Neurons.Data.Tests.Mini;

public sealed class MiniDatasetGeneratorTests : IDisposable
{
    private static readonly MiniOptions Small = new() { TrsPerSegment = 2, TrainSegments = 2, TestSegments = 2, LeftVertices = 10, RightVertices = 12 };
    private readonly string folder = Directory.CreateTempSubdirectory("neurons-mini-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Generate_WritesTheCc2017Layout()
    {
        var root = Path.Combine(folder, "mini");

        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);

        Assert.Equal(["seg1", "seg2", "test1", "test2"], new Cc2017ShardCatalog().Discover(root).Select(s => s.Name));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "subject1", "fmri", "seg2", "cifti")).Length);
        Assert.Equal(10, Directory.GetFiles(Path.Combine(root, "subject1", "fmri", "test1", "cifti")).Length);
        var seg = CiftiReader.ReadHeader(Cc2017Layout.CiftiPath(root, 1, "seg1", 2));
        var test2 = CiftiReader.ReadHeader(Cc2017Layout.CiftiPath(root, 1, "test2", 10));
        Assert.Equal(245, seg.Volumes);
        Assert.Equal(246, test2.Volumes);
        Assert.Equal(22, seg.Grayordinates);
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], seg.Models.Select(m => m.Structure));
        var train = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, "annotations", "qwen_train_caption_tag.json")));
        Assert.Equal([0, 1, 2, 3], train.RootElement.EnumerateArray().Select(e => e.GetProperty("idx").GetInt32()));
        Assert.Equal(["mini"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void FullGeometry_ByDefault_IsTheCc2017Shape()
    {
        var o = MiniOptions.FullGeometry;

        // 18 + 5 segments of 240 TRs (5,520 clips of 2 s: 8 min a segment), 3 subjects, 29,696 + 29,716 = 59,412 vertices
        Assert.Equal((240, 18, 5, 3), (o.TrsPerSegment, o.TrainSegments, o.TestSegments, o.Subjects));
        Assert.Equal(5520, o.TrsPerSegment * (o.TrainSegments + o.TestSegments));
        Assert.Equal(59412, o.LeftVertices + o.RightVertices);
        Assert.Equal((640, 360), (o.Width, o.Height));
        o.Validate();
    }

    [Fact]
    public void Validate_MoreVerticesThanTheSurface_NamesTheLimit()
    {
        var e = Assert.Throws<ArgumentException>(() => (MiniOptions.FullGeometry with { RightVertices = 32493 }).Validate());

        Assert.Contains("at most 32492", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_FullGeometryOnAReducedSize_WritesEverySubjectsRunsAndTheMovieSize()
    {
        // Given the full geometry cut down to 2 TRs, one segment of each split, 2 subjects and few vertices
        var options = MiniOptions.FullGeometry with { TrsPerSegment = 2, TrainSegments = 1, TestSegments = 1, Subjects = 2, LeftVertices = 20, RightVertices = 24, Width = 128, Height = 72 };
        var root = Path.Combine(folder, "full");

        // When it is generated
        await MiniDatasetGenerator.GenerateAsync(root, options, CancellationToken.None);

        // Then both subjects have 2 training and 10 test runs of 44 grayordinates (245 and 245 volumes: test1 keeps 245)
        foreach (var subject in new[] { 1, 2 })
        {
            Assert.Equal(2, Directory.GetFiles(Path.Combine(root, $"subject{subject}", "fmri", "seg1", "cifti")).Length);
            Assert.Equal(10, Directory.GetFiles(Path.Combine(root, $"subject{subject}", "fmri", "test1", "cifti")).Length);
            var header = CiftiReader.ReadHeader(Cc2017Layout.CiftiPath(root, subject, "test1", 10));
            Assert.Equal((245, 44), (header.Volumes, header.Grayordinates));
        }

        // and the movies are 4 s (2 TRs) of 128x72
        var probe = await FFMpegCore.FFProbe.AnalyseAsync(Cc2017Layout.MoviePath(root, "test1"));
        Assert.Equal((128, 72), (probe.PrimaryVideoStream!.Width, probe.PrimaryVideoStream.Height));
        Assert.Equal(4.0, probe.Duration.TotalSeconds, 1);
    }

    [Fact]
    public async Task Generate_WithTheSameSeed_IsIdentical_AndWithAnotherSeedDiffers()
    {
        await MiniDatasetGenerator.GenerateAsync(Path.Combine(folder, "a"), Small, CancellationToken.None);
        await MiniDatasetGenerator.GenerateAsync(Path.Combine(folder, "b"), Small, CancellationToken.None);
        await MiniDatasetGenerator.GenerateAsync(Path.Combine(folder, "c"), Small with { Seed = 8 }, CancellationToken.None);

        Assert.Equal(TreeHash(Path.Combine(folder, "a")), TreeHash(Path.Combine(folder, "b")));
        Assert.NotEqual(TreeHash(Path.Combine(folder, "a")), TreeHash(Path.Combine(folder, "c")));
    }

    [Fact]
    public async Task Generate_MasksFollowTheMovingObject()
    {
        var root = Path.Combine(folder, "mini");
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);
        var scene = MiniDatasetGenerator.SampleScenes(Small)[0].Scenes[0];
        var target = scene.Moving;

        var first = Centroid(root, scene.SplitIndex, 0, target.Name);
        var last = Centroid(root, scene.SplitIndex, 5, target.Name);

        // The centroid (in the 224 squashed frame) moves by the object's velocity over 5/3 s.
        Assert.InRange(last.X - first.X, (224 * target.Vx * 5 / 3) - 3, (224 * target.Vx * 5 / 3) + 3);
        Assert.InRange(last.Y - first.Y, (224 * target.Vy * 5 / 3) - 3, (224 * target.Vy * 5 / 3) + 3);
    }

    [Fact]
    public void SampleScenes_InTwoObjectClips_OnlyTheFirstObjectMoves()
    {
        // Given the scenes of a subset large enough to hold two-object clips
        var scenes = MiniDatasetGenerator.SampleScenes(new MiniOptions { TrsPerSegment = 24 }).SelectMany(s => s.Scenes).ToList();

        // When the objects' velocities are read
        var pairs = scenes.Where(s => s.Objects.Count == 2).ToList();

        // Then every first object moves and every second one stands still
        Assert.NotEmpty(pairs);
        Assert.All(scenes, s => Assert.True(Math.Abs(s.Moving.Vx) + Math.Abs(s.Moving.Vy) > 0, s.Caption));
        Assert.All(pairs, s => Assert.Equal((0.0, 0.0), (s.Objects[1].Vx, s.Objects[1].Vy)));
        Assert.All(pairs, s => Assert.Contains($" past a {s.Objects[1].ColourName} {s.Objects[1].Name} ", s.Caption, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_ManifestRecordsTheMovingObjectAndTheResponsiveVertices()
    {
        // Given a generated subset
        var root = Path.Combine(folder, "mini");
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);

        // When mini.json is read
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, MiniDatasetGenerator.ManifestName))).RootElement;
        var responsive = manifest.GetProperty("responsive_vertices").GetProperty("subject1").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var clip = manifest.GetProperty("clips")[0];

        // Then it names each clip's moving object (its first object) and the responsive grayordinates (CIFTI rows)
        Assert.Equal(clip.GetProperty("objects")[0].GetProperty("name").GetString(), clip.GetProperty("moving_object").GetString());
        Assert.NotEmpty(responsive);
        Assert.All(responsive, v => Assert.InRange(v, 0, 21));
        Assert.Equal(responsive.Distinct().Order(), responsive);
    }

    [Fact]
    public async Task Generate_WhenTargetExists_RefusesAndKeepsIt()
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "mine")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "notes.txt"), "my work");

        await Assert.ThrowsAsync<IOException>(() => MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None));

        Assert.Equal("my work", await File.ReadAllTextAsync(Path.Combine(root, "notes.txt")));
    }

    [Fact]
    public async Task Generate_WithReplace_WhenTheSubsetHoldsAUserFile_RefusesAndChangesNothing()
    {
        // Given a generated subset with a file of the user's beside the generator's
        var root = Path.Combine(folder, "mini");
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(root, "annotations", "notes.txt"), "my work");
        var before = Snapshot(root);

        // When it is replaced
        var error = await Assert.ThrowsAsync<IOException>(() => MiniDatasetGenerator.GenerateAsync(root, Small with { Seed = 8 }, replace: true, CancellationToken.None));

        // Then it is refused naming the file, and every file (the user's and the generator's) is unchanged
        Assert.Contains("holds files the mini generator did not write (annotations/notes.txt)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(root));
        Assert.Equal(["mini"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Generate_WithReplace_OnAGeneratedSubset_ReplacesItAndLeavesNoTemporaryFolder()
    {
        // Given a subset generated with seed 7
        var root = Path.Combine(folder, "mini");
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);

        // When it is replaced by one with seed 8
        await MiniDatasetGenerator.GenerateAsync(root, Small with { Seed = 8 }, replace: true, CancellationToken.None);

        // Then it equals a fresh seed-8 subset file for file, and nothing else is left beside it
        var fresh = Path.Combine(folder, "fresh");
        await MiniDatasetGenerator.GenerateAsync(fresh, Small with { Seed = 8 }, CancellationToken.None);
        Assert.Equal(Snapshot(fresh), Snapshot(root));
        Assert.Equal(["fresh", "mini"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        Assert.Empty(MiniDatasetGenerator.ForeignFiles(root));
    }

    [Fact]
    public async Task Generate_WhenAKilledRunLeftItsTemporaryFolder_RemovesItButNotALiveOnesOrAnotherMachines()
    {
        // Given the temporary folders of a dead generator on this machine, of a live one (this process, just
        // written) and of one on another machine, and a user folder that merely looks similar
        var root = Path.Combine(folder, "mini");
        var dead = Directory.CreateDirectory(Path.Combine(folder, $"mini.tmp-{TempOwner.Host}_{DeadPid()}")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dead, "mini.json"), "{}");
        var live = Directory.CreateDirectory(Path.Combine(folder, TempOwner.Name("mini", "x"))).FullName;
        var remote = Directory.CreateDirectory(Path.Combine(folder, $"mini.tmp-elsewhere_{DeadPid()}")).FullName;
        var similar = Directory.CreateDirectory(Path.Combine(folder, "mini.tmp-mine")).FullName;

        // When a subset is generated there
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);

        // Then only the dead generator's folder is gone
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(live) && Directory.Exists(remote) && Directory.Exists(similar));
    }

    [Fact]
    public async Task Mismatch_SaysWhichOptionsDifferOrNothingWhenTheyMatch()
    {
        var root = Path.Combine(folder, "mini");
        await MiniDatasetGenerator.GenerateAsync(root, Small, CancellationToken.None);

        Assert.Null(MiniDatasetGenerator.Mismatch(root, Small));
        Assert.Equal("it was generated with Seed 7 instead of 9, TrainSegments 2 instead of 6", MiniDatasetGenerator.Mismatch(root, Small with { TrainSegments = 6, Seed = 9 }));
    }

    private static (double X, double Y) Centroid(string root, int idx, int frame, string label)
    {
        var png = Neurons.Data.Imaging.PngDecoder.Decode(File.ReadAllBytes(Path.Combine(root, "annotations", "masks", "train", $"mask_{idx}_f{frame}_{label}.png")));
        double sx = 0, sy = 0, n = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (png.Pixels[(y * png.Width) + x] > 127)
                {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }

        return (sx / n, sy / n);
    }

    private static string TreeHash(string root)
    {
        var lines = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}");
        return string.Join('\n', lines);
    }

    private static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
