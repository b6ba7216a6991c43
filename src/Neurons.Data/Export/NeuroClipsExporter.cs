using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Data.Tables;
using Neurons.Files;

namespace Neurons.Data.Export;

/// <summary>
/// Writes the arrays the NeuroClips / NEURONS reference code loads, as <c>.npy</c>: per subject
/// <c>subj0S_train_fmri.npy</c> (N_train, 2, V) and <c>subj0S_test_fmri.npy</c> (N_test, 10, V) float32, and
/// <c>GT_train_3fps.npy</c> / <c>GT_test_3fps.npy</c> (N, 6, 3, H, W) uint8, rows in split order (segment-major,
/// TR-ascending), plus <c>manifest.json</c> (V, vertex indices, lag, shapes, clip order, filled repeats).
/// A repeat left out by <c>drop_runs</c> is filled with the mean of the clip's other repeats, so the
/// load-time average over repeats is unchanged. Given committed <c>decoded</c> shards, it also writes per subject
/// the decoded outputs in the test order (<see cref="DecodedSubjectArrays"/>): <c>subj0S_recon_videos.npy</c>
/// (N_test, 6, 3, H, W) float32 in [0, 1], <c>subj0S_pred_test_blurry_latents.npy</c>, <c>_masks.npy</c>,
/// <c>_caption_self.npy</c> (numpy str), <c>_concept_scores.npy</c> and <c>_top_concept.npy</c>.
/// </summary>
public static partial class NeuroClipsExporter
{
    /// <summary>The manifest file name.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>Exports <paramref name="clips"/> and <paramref name="fmri"/> shards into <paramref name="outDir"/>, which must be empty or absent.</summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="InvalidDataException">The shards disagree (vertex sets, clip indices) or a clip has no fMRI.</exception>
    /// <exception cref="IOException"><paramref name="outDir"/> is not empty.</exception>
    public static Task<JsonObject> ExportAsync(IReadOnlyList<ExportShard> clips, IReadOnlyList<ExportShard> fmri, string outDir, CancellationToken cancellationToken) =>
        ExportAsync(clips, fmri, outDir, replace: false, cancellationToken);

    /// <summary>
    /// Exports <paramref name="clips"/> and <paramref name="fmri"/> shards into <paramref name="outDir"/>. Every file
    /// is written under a temporary name (<c>&lt;file&gt;.tmp-&lt;host&gt;_&lt;pid&gt;</c>) and renamed into place only when
    /// all are complete, so a failed or cancelled export changes nothing; a folder that is not empty is refused
    /// unless <paramref name="replace"/>, and then only the same-named files are replaced, each atomically.
    /// </summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="InvalidDataException">The shards disagree (vertex sets, clip indices) or a clip has no fMRI.</exception>
    /// <exception cref="IOException"><paramref name="outDir"/> is not empty and <paramref name="replace"/> is false.</exception>
    public static Task<JsonObject> ExportAsync(IReadOnlyList<ExportShard> clips, IReadOnlyList<ExportShard> fmri, string outDir, bool replace, CancellationToken cancellationToken) =>
        ExportAsync(clips, fmri, [], outDir, replace, cancellationToken);

    /// <summary>
    /// Exports <paramref name="clips"/> and <paramref name="fmri"/> shards and, when <paramref name="decoded"/> holds
    /// any, every subject's decoded outputs for every test clip, into <paramref name="outDir"/>. Every file is written
    /// under a temporary name (<c>&lt;file&gt;.tmp-&lt;host&gt;_&lt;pid&gt;</c>), flushed to disk, and renamed into place
    /// only when all are complete, so a failed or cancelled export changes nothing; a folder that is not empty is
    /// refused unless <paramref name="replace"/>, and then only the same-named files are replaced, each atomically.
    /// </summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="InvalidDataException">The shards disagree (vertex sets, clip indices, decoded sizes), a clip has no fMRI, or a subject's decoded rows miss a test clip.</exception>
    /// <exception cref="IOException"><paramref name="outDir"/> is not empty and <paramref name="replace"/> is false.</exception>
    public static async Task<JsonObject> ExportAsync(IReadOnlyList<ExportShard> clips, IReadOnlyList<ExportShard> fmri, IReadOnlyList<ExportShard> decoded, string outDir, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(fmri);
        ArgumentNullException.ThrowIfNull(decoded);
        TempOwner.DeleteStale(outDir, ExportedName().IsMatch);
        if (!replace && Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).FirstOrDefault() is { } existing)
        {
            throw new IOException($"{Path.GetFullPath(outDir)} is not empty (it holds {Path.GetFileName(existing)}); choose an empty folder, or pass --force to replace the files export writes");
        }

        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        try
        {
            var manifest = await WriteAllAsync(clips, fmri, decoded, outDir, written, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in written)
            {
                File.Move(Path.Combine(outDir, TempOwner.Name(file)), Path.Combine(outDir, file), overwrite: true);
            }

            return manifest;
        }
        finally
        {
            foreach (var file in written)
            {
                File.Delete(Path.Combine(outDir, TempOwner.Name(file)));
            }
        }
    }

    /// <summary>Writes every array and the manifest under their temporary names, recording each final name in <paramref name="written"/> before it is written.</summary>
    private static async Task<JsonObject> WriteAllAsync(IReadOnlyList<ExportShard> clips, IReadOnlyList<ExportShard> fmri, IReadOnlyList<ExportShard> decoded, string outDir, List<string> written, CancellationToken cancellationToken)
    {
        string Temp(string file)
        {
            written.Add(file);
            return Path.Combine(outDir, TempOwner.Name(file));
        }

        var order = await ClipOrderAsync(clips, cancellationToken).ConfigureAwait(false);
        var arrays = new JsonArray();
        var manifest = new JsonObject
        {
            ["format"] = "neurons-pipeline/neuroclips-export/1",
            ["order"] = "split_index: segment-major, TR-ascending (seg1 TR0..N-1, seg2 ...); axis 1 = repeat (1-based file repeat r at index r-1)",
        };

        var subjects = SubjectsOf(fmri, out var lag);
        manifest["lag_trs"] = lag;
        var subjectNodes = new JsonArray();
        var filled = new JsonArray();
        foreach (var (subject, info) in subjects)
        {
            subjectNodes.Add(new JsonObject
            {
                ["subject"] = subject,
                ["v"] = info.V,
                ["vertex_indices"] = new JsonArray(info.VertexIndices.Select(i => (JsonNode)i).ToArray()),
            });
        }

        foreach (var split in new[] { "train", "test" })
        {
            var shards = fmri.Where(s => s.Split == split).ToList();
            if (shards.Count == 0 || !order.TryGetValue(split, out var ids))
            {
                continue;
            }

            foreach (var (subject, info) in subjects)
            {
                var file = string.Create(CultureInfo.InvariantCulture, $"subj{subject:00}_{split}_fmri.npy");
                var repeats = shards.SelectMany(s => RepeatsOf(s, subject)).DefaultIfEmpty(0).Max();
                if (repeats == 0)
                {
                    continue;
                }

                await WriteFmriAsync(Temp(file), shards, subject, info.V, repeats, ids, filled, cancellationToken).ConfigureAwait(false);
                arrays.Add(Describe(file, [ids.Count, repeats, info.V], "float32", $"subject {subject} {split} fMRI: z-scored masked vertices per clip and repeat"));
            }
        }

        foreach (var split in new[] { "train", "test" })
        {
            if (!order.TryGetValue(split, out var ids))
            {
                continue;
            }

            var file = $"GT_{split}_3fps.npy";
            var shape = await WriteFramesAsync(Temp(file), clips.Where(c => c.Split == split).ToList(), ids.Count, cancellationToken).ConfigureAwait(false);
            arrays.Add(Describe(file, shape, "uint8", $"{split} frames: 6 per clip at 3 fps, RGB channels first, 0-255 (divide by 255 for the reference's [0,1] floats)"));
        }

        if (decoded.Count > 0)
        {
            manifest["decoded"] = await WriteDecodedAsync(decoded, order.GetValueOrDefault("test") ?? [], Temp, arrays, cancellationToken).ConfigureAwait(false);
        }

        manifest["subjects"] = subjectNodes;
        manifest["arrays"] = arrays;
        manifest["filled_repeats"] = filled;
        manifest["clip_ids"] = new JsonObject(order.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(id => (JsonNode)id).ToArray()))));
        var stream = new FileStream(Temp(ManifestName), FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        return manifest;
    }

    /// <summary>Writes every subject's decoded outputs in the test order <paramref name="testIds"/>; returns the manifest's <c>decoded</c> node.</summary>
    private static async Task<JsonObject> WriteDecodedAsync(IReadOnlyList<ExportShard> decoded, IReadOnlyList<string> testIds, Func<string, string> temp, JsonArray arrays, CancellationToken cancellationToken)
    {
        if (testIds.Count == 0)
        {
            throw new InvalidDataException($"decoded/{decoded[0].Name}: decoded rows exist but the clips table has no committed test clips to order them by");
        }

        var index = testIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var subjects = new SortedDictionary<int, DecodedSubjectArrays>();
        try
        {
            foreach (var shard in decoded.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var fmriOrder = shard.Metadata["fmri_order"]?.GetValue<string>();
                await foreach (var group in ParquetRows.ReadRowGroupsAsync<DecodedRow>(shard.Path, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var row in group)
                    {
                        if (!index.TryGetValue(row.ClipId, out var i) || i != row.SplitIndex)
                        {
                            throw new InvalidDataException($"decoded/{shard.Name}: clip {row.ClipId} has split_index {row.SplitIndex}, which the clips table does not give it; re-run decode");
                        }

                        if (!subjects.TryGetValue(row.Subject, out var subjectArrays))
                        {
                            subjectArrays = subjects[row.Subject] = DecodedSubjectArrays.Create(shard.Name, row, testIds.Count, temp);
                        }

                        subjectArrays.Add(shard.Name, i, row, fmriOrder);
                    }
                }
            }

            var nodes = new JsonArray();
            foreach (var subjectArrays in subjects.Values)
            {
                nodes.Add(subjectArrays.Finish(testIds, temp, arrays));
            }

            return new JsonObject
            {
                ["order"] = "the test clip_ids above (split_index); one set of arrays per subject",
                ["shards"] = new JsonArray(decoded.Select(s => (JsonNode)s.Name).ToArray()),
                ["subjects"] = nodes,
            };
        }
        finally
        {
            foreach (var subjectArrays in subjects.Values)
            {
                subjectArrays.Dispose();
            }
        }
    }

    private static JsonObject Describe(string file, IReadOnlyList<long> shape, string dtype, string what) => new()
    {
        ["file"] = file,
        ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
        ["dtype"] = dtype,
        ["description"] = what,
    };

    private static async Task<Dictionary<string, List<string>>> ClipOrderAsync(IReadOnlyList<ExportShard> clips, CancellationToken cancellationToken)
    {
        var order = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in clips.GroupBy(c => c.Split))
        {
            var keys = new List<FmriClipKey>();
            foreach (var shard in group)
            {
                keys.AddRange(await ParquetRows.ReadAsync<FmriClipKey>(shard.Path, cancellationToken).ConfigureAwait(false));
            }

            keys.Sort((a, b) => a.SplitIndex.CompareTo(b.SplitIndex));
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i].SplitIndex != i)
                {
                    throw new InvalidDataException($"clips ({group.Key}): split_index must run 0..{keys.Count - 1}, found {keys[i].SplitIndex} ({keys[i].ClipId}) at position {i}");
                }
            }

            order[group.Key] = keys.Select(k => k.ClipId).ToList();
        }

        return order;
    }

    private static SortedDictionary<int, (int V, List<int> VertexIndices)> SubjectsOf(IReadOnlyList<ExportShard> fmri, out int lag)
    {
        var result = new SortedDictionary<int, (int V, List<int> VertexIndices)>();
        int? lagSeen = null;
        foreach (var shard in fmri)
        {
            var shardLag = shard.Metadata["lag_trs"]?.GetValue<int>() ?? 0;
            if (lagSeen is { } l && l != shardLag)
            {
                throw new InvalidDataException($"fmri/{shard.Name}: lag_trs {shardLag} differs from other shards ({l}); re-run the fmri stage");
            }

            lagSeen = shardLag;
            foreach (var node in shard.Metadata["subjects"]?.AsArray() ?? [])
            {
                var subject = node!["subject"]!.GetValue<int>();
                var v = node["v"]!.GetValue<int>();
                var indices = node["vertex_indices"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();
                if (result.TryGetValue(subject, out var seen))
                {
                    if (seen.V != v || !seen.VertexIndices.SequenceEqual(indices))
                    {
                        throw new InvalidDataException($"fmri/{shard.Name}: subject {subject}'s vertex set (V = {v}) differs from other shards (V = {seen.V}); re-run the fmri stage");
                    }
                }
                else
                {
                    result[subject] = (v, indices);
                }
            }
        }

        lag = lagSeen ?? 0;
        return result;
    }

    private static IEnumerable<int> RepeatsOf(ExportShard shard, int subject) =>
        (shard.Metadata["subjects"]?.AsArray() ?? [])
            .Where(n => n!["subject"]!.GetValue<int>() == subject)
            .SelectMany(n => n!["repeats"]!.AsArray().Select(r => r!.GetValue<int>()));

    private static async Task WriteFmriAsync(string path, List<ExportShard> shards, int subject, int v, int repeats, List<string> ids, JsonArray filled, CancellationToken cancellationToken)
    {
        var n = ids.Count;
        var present = new bool[n, repeats];
        var segmentOf = new string[n];
        using var npy = NpyWriter.CreateFloat32(path, n, repeats, v);
        var buffer = new float[v];
        foreach (var shard in shards)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<FmriRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in group.Where(r => r.Subject == subject))
                {
                    if (row.SplitIndex < 0 || row.SplitIndex >= n || ids[row.SplitIndex] != row.ClipId)
                    {
                        throw new InvalidDataException($"fmri/{shard.Name}: clip {row.ClipId} has split_index {row.SplitIndex}, which the clips table does not give it");
                    }

                    if (row.Voxels.Count != v || row.Repeat < 1 || row.Repeat > repeats)
                    {
                        throw new InvalidDataException($"fmri/{shard.Name}: clip {row.ClipId} repeat {row.Repeat} has {row.Voxels.Count} values, expected {v}");
                    }

                    row.Voxels.CopyTo(buffer);
                    npy.Write((((long)row.SplitIndex * repeats) + row.Repeat - 1) * v, buffer);
                    present[row.SplitIndex, row.Repeat - 1] = true;
                    segmentOf[row.SplitIndex] = row.Segment;
                }
            }
        }

        var sum = new double[v];
        var filledRuns = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var have = Enumerable.Range(0, repeats).Where(r => present[i, r]).ToList();
            if (have.Count == 0)
            {
                throw new InvalidDataException($"subject {subject}: no fMRI row for clip {ids[i]} (is its fmri shard committed?)");
            }

            if (have.Count == repeats)
            {
                continue;
            }

            Array.Clear(sum);
            foreach (var r in have)
            {
                npy.Read((((long)i * repeats) + r) * v, buffer);
                for (var k = 0; k < v; k++)
                {
                    sum[k] += buffer[k];
                }
            }

            for (var k = 0; k < v; k++)
            {
                buffer[k] = (float)(sum[k] / have.Count);
            }

            foreach (var r in Enumerable.Range(0, repeats).Except(have))
            {
                npy.Write((((long)i * repeats) + r) * v, buffer);
                filledRuns.Add(string.Create(CultureInfo.InvariantCulture, $"subject{subject}/{segmentOf[i]}/{r + 1}"));
            }
        }

        foreach (var run in filledRuns)
        {
            filled.Add(run);
        }
    }

    private static async Task<long[]> WriteFramesAsync(string path, List<ExportShard> shards, int n, CancellationToken cancellationToken)
    {
        NpyWriter? npy = null;
        long[] shape = [n, ClipRow.FrameCount, 3, 0, 0];
        try
        {
            byte[] chw = [];
            foreach (var shard in shards)
            {
                await foreach (var group in ParquetRows.ReadRowGroupsAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var clip in group)
                    {
                        if (npy is null)
                        {
                            shape = [n, ClipRow.FrameCount, 3, clip.Height, clip.Width];
                            npy = NpyWriter.CreateUInt8(path, shape);
                            chw = new byte[ClipRow.FrameCount * 3 * clip.Height * clip.Width];
                        }

                        var plane = clip.Height * clip.Width;
                        if (clip.Height != shape[3] || clip.Width != shape[4] || clip.Frames.Count != ClipRow.FrameCount)
                        {
                            throw new InvalidDataException($"clips/{shard.Name}: clip {clip.ClipId} is {clip.Width}x{clip.Height} with {clip.Frames.Count} frames, expected {shape[4]}x{shape[3]}x3x6");
                        }

                        var rgb = clip.DecodeFrames();

                        for (var f = 0; f < ClipRow.FrameCount; f++)
                        {
                            var src = f * plane * 3;
                            var dst = f * plane * 3;
                            for (var p = 0; p < plane; p++)
                            {
                                chw[dst + p] = rgb[src + (3 * p)];
                                chw[dst + plane + p] = rgb[src + (3 * p) + 1];
                                chw[dst + (2 * plane) + p] = rgb[src + (3 * p) + 2];
                            }
                        }

                        npy.Write((long)clip.SplitIndex * chw.Length, chw);
                    }
                }
            }

            npy ??= NpyWriter.CreateUInt8(path, shape);
            return shape;
        }
        finally
        {
            npy?.Dispose();
        }
    }

    [GeneratedRegex(@"^(subj[0-9]+_(train|test)_fmri\.npy|subj[0-9]+_(recon_videos|pred_test_(blurry_latents|masks|caption_self|concept_scores|top_concept))\.npy|GT_(train|test)_3fps\.npy|manifest\.json)$")]
    private static partial Regex ExportedName();
}
