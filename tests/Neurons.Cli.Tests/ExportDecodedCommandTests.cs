using System.Text.Json.Nodes;
using Neurons.Cli.Tests.Support;
using Neurons.Data.Tables;
using Neurons.Engine.Workspace;

namespace Neurons.Cli.Tests;

public sealed class ExportDecodedCommandTests
{
    [Fact]
    public async Task Export_WithACommittedDecodedShard_WritesTheDecodedArraysBesideTheGroundTruthUnlessSkipped()
    {
        // Given a workspace with committed clips, fmri and decoded shards of one test clip (2 × 2 frames, subject 1)
        using var project = new MiniProject();
        var store = new ShardStore(Path.Combine(project.Root, "ws"));
        var clip = new ClipRow { ClipId = "test1_000", Split = "test", Segment = "test1", SplitIndex = 0, Width = 2, Height = 2, Frames = TableImages.FromRgbFrames(new byte[72], 2, 2) };
        await CommitAsync(store, "slice", "clips", [clip], []);
        var fmriMetadata = new JsonObject
        {
            ["lag_trs"] = 0,
            ["subjects"] = new JsonArray(new JsonObject { ["subject"] = 1, ["v"] = 2, ["vertex_indices"] = new JsonArray(0, 1), ["repeats"] = new JsonArray(1) }),
        };
        await CommitAsync(store, "fmri", "fmri", [new FmriRow { ClipId = "test1_000", Split = "test", Segment = "test1", SplitIndex = 0, Subject = 1, Repeat = 1, Voxels = [1f, 2f] }], fmriMetadata);
        var decoded = new DecodedRow
        {
            ClipId = "test1_000",
            Split = "test",
            Segment = "test1",
            Subject = 1,
            Caption = "a dog",
            ConceptScores = [0.9f, 0.1f],
            TopConcept = "dog",
            MaskSize = 2,
            Masks = [.. Enumerable.Range(0, 6).Select(_ => TableImages.FromMaskBytes(new byte[4], 2, 2))],
            Width = 2,
            Height = 2,
            BlurryFrames = TableImages.FromRgbFrames(Enumerable.Repeat((byte)255, 72).ToArray(), 2, 2),
            LatentSide = 1,
            BlurryLatents = [.. new float[24]],
        };
        await CommitAsync(store, "decode", "decoded", [decoded], new JsonObject { ["fmri_order"] = "as_is" });

        // When exported
        var result = await project.RunAsync("export", "neuroclips", "--out", "out");

        // Then it succeeds and writes the decoded arrays with the ground truth, and the manifest names them
        Assert.True(result.ExitCode == 0, string.Join('\n', result.ErrorLines));
        var files = Directory.GetFiles(Path.Combine(project.Root, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["GT_test_3fps.npy", "manifest.json", "subj01_pred_test_blurry_latents.npy", "subj01_pred_test_caption_self.npy", "subj01_pred_test_concept_scores.npy", "subj01_pred_test_masks.npy", "subj01_pred_test_top_concept.npy", "subj01_recon_videos.npy", "subj01_test_fmri.npy"],
            files);
        var videos = await File.ReadAllBytesAsync(Path.Combine(project.Root, "out", "subj01_recon_videos.npy"));
        Assert.Equal(1f, BitConverter.ToSingle(videos, videos.Length - 4));
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(project.Root, "out", "manifest.json")))!;
        Assert.Equal(1, manifest["decoded"]!["subjects"]![0]!["subject"]!.GetValue<int>());

        // And --skip-decoded leaves them out
        var skipped = await project.RunAsync("export", "neuroclips", "--out", "plain", "--skip-decoded");
        Assert.True(skipped.ExitCode == 0, string.Join('\n', skipped.ErrorLines));
        Assert.Equal(["GT_test_3fps.npy", "manifest.json", "subj01_test_fmri.npy"], Directory.GetFiles(Path.Combine(project.Root, "plain")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static async Task CommitAsync<T>(ShardStore store, string stage, string table, IReadOnlyList<T> rows, JsonObject metadata)
        where T : class, new()
    {
        var temp = store.NewTempPath(table, "test1");
        await ParquetRows.WriteAsync(temp, rows, CancellationToken.None);
        store.Commit(temp, new Sidecar
        {
            Stage = stage,
            Table = table,
            Shard = "test1",
            Split = "test",
            Fingerprint = "test",
            Rows = rows.Count,
            Sha256 = string.Empty,
            Versions = new SidecarVersions("test", "1", Environment.Version.ToString()),
            Provenance = new Provenance { StageVersion = "1", Parameters = [], Inputs = new(StringComparer.Ordinal), Sources = new(StringComparer.Ordinal), Files = new(StringComparer.Ordinal) },
            Metadata = metadata,
        });
    }
}
