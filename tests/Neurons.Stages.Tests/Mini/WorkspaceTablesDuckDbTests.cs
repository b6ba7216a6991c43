using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// Opens every table the mini run wrote with DuckDB (<see cref="DuckDbWorkspace"/>), as a pandas, pyarrow or SQL
/// user would: typed columns (lists of floats, PNG image structs, no opaque binaries), shapes in the files'
/// key-value metadata that match the data, values equal to what the writer's row classes hold, and the
/// DuckDB snippets of docs/reading-tables.md running as written.
/// </summary>
[Collection(MiniRunCollection.Name)]
public sealed partial class WorkspaceTablesDuckDbTests : IDisposable
{
    private const string Image = "STRUCT(bytes BLOB, path VARCHAR)";

    /// <summary>The typed columns of every table, as DuckDB reports them; a table the mini run writes must be listed.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Expected = new(StringComparer.Ordinal)
    {
        ["clips"] = new() { ["clip_id"] = "VARCHAR", ["tr_index"] = "INTEGER", ["start_s"] = "DOUBLE", ["source_frames"] = "INTEGER[]", ["width"] = "INTEGER", ["frames"] = Image + "[]" },
        ["fmri_masks"] = new() { ["subject"] = "INTEGER", ["segments"] = "VARCHAR[]", ["vertex_indices"] = "INTEGER[]", ["t"] = "FLOAT[]", ["mean_z"] = "FLOAT[]" },
        ["fmri"] = new() { ["clip_id"] = "VARCHAR", ["subject"] = "INTEGER", ["repeat"] = "INTEGER", ["voxels"] = "FLOAT[]" },
        ["annotations"] = new() { ["clip_id"] = "VARCHAR", ["frame"] = "INTEGER", ["caption"] = "VARCHAR", ["objects"] = "VARCHAR[]" },
        ["concepts"] = new() { ["clip_id"] = "VARCHAR", ["concepts"] = "VARCHAR[]", ["multi_hot"] = "INTEGER[]" },
        ["masks"] = new() { ["clip_id"] = "VARCHAR", ["frame"] = "INTEGER", ["box"] = "FLOAT[]", ["score"] = "FLOAT", ["mask"] = Image },
        ["keyobjects"] = new() { ["clip_id"] = "VARCHAR", ["ranking_displacement"] = "DOUBLE[]", ["frame_count"] = "INTEGER", ["masks"] = Image + "[]" },
        ["targets"] = new()
        {
            ["clip_id"] = "VARCHAR", ["frames"] = "INTEGER[]", ["clip_image_tokens"] = "FLOAT[]", ["clip_image_mean"] = "FLOAT[]",
            ["clip_text"] = "FLOAT[]", ["key_object_text"] = "FLOAT[]", ["vae_latents"] = "FLOAT[]",
        },
        ["target_concepts"] = new() { ["index"] = "INTEGER", ["concept"] = "VARCHAR", ["text_width"] = "INTEGER", ["clip_text"] = "FLOAT[]" },
        ["training"] = new() { ["subject"] = "INTEGER", ["epoch"] = "INTEGER", ["step"] = "BIGINT", ["train_loss"] = "DOUBLE", ["is_best"] = "BOOLEAN" },
        ["decoupler_training"] = new() { ["subject"] = "INTEGER", ["epoch"] = "INTEGER", ["train_loss"] = "DOUBLE" },
        ["decoded"] = new()
        {
            ["clip_id"] = "VARCHAR", ["seed"] = "BIGINT", ["concept_scores"] = "FLOAT[]", ["present_concepts"] = "VARCHAR[]", ["masks"] = Image + "[]",
            ["blurry_frames"] = Image + "[]", ["blurry_latents"] = "FLOAT[]", ["keyframe_weights"] = "FLOAT[]", ["keyframe_tokens"] = "FLOAT[]",
        },
        ["generated"] = new() { ["clip_id"] = "VARCHAR", ["seed"] = "BIGINT", ["frames"] = Image + "[]", ["keyframe"] = Image, ["seconds"] = "DOUBLE" },
        ["metrics"] = new() { ["metric"] = "VARCHAR", ["value"] = "DOUBLE", ["count"] = "INTEGER" },
        ["report"] = new() { ["section"] = "VARCHAR", ["status"] = "VARCHAR" },
    };

    private readonly MiniPipelineRun run;
    private readonly DuckDbWorkspace duck = new();

    public WorkspaceTablesDuckDbTests(MiniPipelineRun run) => this.run = run;

    [Fact]
    public void EveryTable_ReadByDuckDb_HasTypedColumnsAndNoOpaqueBinary()
    {
        // Given every committed table file of the mini run
        var tables = Directory.GetDirectories(run.Workspace).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToList();

        // Then each is a table this test knows, and every file of it reads in DuckDB with the expected column types
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), tables);
        foreach (var table in tables)
        {
            var files = Files(table!);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var columns = duck.Describe(file).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
                foreach (var (name, type) in Expected[table!])
                {
                    Assert.True(columns.TryGetValue(name, out var actual), $"{table}: no column {name}");
                    Assert.True(type == actual, $"{table}.{name}: DuckDB reads {actual}, expected {type}");
                }

                // no column is a bare binary: images are {bytes, path} structs, arrays are lists
                Assert.DoesNotContain(columns, c => c.Value == "BLOB");
            }
        }
    }

    [Fact]
    public void EveryDescribedColumn_HasTheShapeItsMetadataGives()
    {
        foreach (var table in Expected.Keys.Where(t => Directory.Exists(Path.Combine(run.Workspace, t))))
        {
            foreach (var file in Files(table))
            {
                var text = duck.KeyValue(file, TableMetadata.Key);
                if (text is null)
                {
                    continue;
                }

                var columns = JsonNode.Parse(text)!["columns"]!.AsObject();
                foreach (var (name, node) in columns)
                {
                    var shape = node!["shape"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();
                    if (node["dtype"] is not null)
                    {
                        // A tensor column holds prod(shape) floats per row (an empty list: none, e.g. no key object)
                        var size = shape.Count == 0 ? -1 : shape.Aggregate(1, (a, b) => a * b);
                        var wrong = duck.Query($"SELECT count(*) FROM read_parquet('{file}') WHERE len({name}) NOT IN (0, {size})")[0][0];
                        Assert.True(shape.Count == 0 || Convert.ToInt64(wrong) == 0, $"{file}: {wrong} rows of {name} are not {size} values");
                    }
                    else
                    {
                        // An image column decodes to the described height, width and channels
                        var perFrame = node["axes"]![0]!.GetValue<string>() == "frame";
                        var sql = perFrame ? $"SELECT len({name}), {name}[1].bytes" : $"SELECT 1, {name}.bytes";
                        var first = duck.Query($"{sql} FROM read_parquet('{file}') LIMIT 1");
                        if (first.Count == 0)
                        {
                            continue;
                        }

                        var png = PngDecoder.Decode((byte[])first[0][1]!, $"{file} {name}");
                        var image = perFrame ? shape.Skip(1).ToList() : shape;
                        Assert.Equal(perFrame ? shape[0] : 1, Convert.ToInt32(first[0][0]));
                        Assert.Equal((image[0], image[1], image.Count > 2 ? image[2] : 1), (png.Height, png.Width, png.Channels));
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Targets_ReadByDuckDb_EqualWhatTheWriterWroteAtFloat16Precision()
    {
        // Given the first targets shard as the writer's row class reads it
        var file = Files("targets")[0];
        var row = (await ParquetRows.ReadAsync<TargetRow>(file, CancellationToken.None))[0];

        // When DuckDB reads the same row
        var duckRow = duck.Query($"SELECT clip_id, clip_image_tokens, clip_text, vae_latents, clip_image_mean FROM read_parquet('{file}') LIMIT 1")[0];

        // Then the lists are the same floats, every float16-valued one exactly a float16
        Assert.Equal(row.ClipId, duckRow[0]);
        var tokens = Floats(duckRow[1]);
        Assert.Equal(row.ClipImageTokens, tokens);
        Assert.Equal(row.ClipText, Floats(duckRow[2]));
        Assert.Equal(row.VaeLatents, Floats(duckRow[3]));
        Assert.Equal(row.ClipImageMean, Floats(duckRow[4]));
        Assert.All(tokens, v => Assert.Equal((float)(Half)v, v));
    }

    [Fact]
    public async Task ClipsAndMasks_ReadByDuckDb_ArePngsOfTheWrittenPixels()
    {
        // Given a clip and a mask row as the writer's classes read them
        var clipFile = Files("clips")[0];
        var clip = (await ParquetRows.ReadAsync<ClipRow>(clipFile, CancellationToken.None))[0];
        var maskFile = Files("masks")[0];
        var mask = (await ParquetRows.ReadAsync<MaskRow>(maskFile, CancellationToken.None))[0];

        // When DuckDB reads frame 3 of the clip and the mask
        var frame = duck.Query($"SELECT frames[3].bytes, frames[3].path, len(frames) FROM read_parquet('{clipFile}') LIMIT 1")[0];
        var maskPng = (byte[])duck.Query($"SELECT mask.bytes FROM read_parquet('{maskFile}') LIMIT 1")[0][0]!;

        // Then they are the PNG files of the written pixels (embedded: no path)
        Assert.Equal((null, 6L), (frame[1], Convert.ToInt64(frame[2])));
        var plane = clip.Width * clip.Height * 3;
        Assert.Equal(clip.DecodeFrames().AsSpan(2 * plane, plane).ToArray(), PngDecoder.Decode((byte[])frame[0]!).Pixels);
        Assert.Equal(mask.DecodeMask(), PngDecoder.Decode(maskPng).ToMask());
    }

    [Fact]
    public async Task FmriAndTargetConcepts_ReadByDuckDb_CarryTheirVertexIndicesAndOneGlobalShard()
    {
        // Given the first fmri shard and its sidecar
        var file = Files("fmri")[0];
        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(file, ".meta.json")))!;
        var subject = sidecar["metadata"]!["subjects"]![0]!;

        // When DuckDB reads the file's key-value metadata
        var metadata = JsonNode.Parse(duck.KeyValue(file, TableMetadata.Key)!)!;

        // Then the vertex indices are the sidecar's, and every voxel list has one value per vertex
        var key = subject["subject"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(subject["vertex_indices"]!.ToJsonString(), metadata["vertex_indices"]![key]!.ToJsonString());
        var lengths = duck.Query($"SELECT DISTINCT len(voxels) FROM read_parquet('{file}') WHERE subject = {key}");
        Assert.Equal(subject["v"]!.GetValue<int>(), Convert.ToInt32(Assert.Single(lengths)[0]));

        // And target_concepts is one global shard of 51 rows
        Assert.Equal(["all.parquet"], Files("target_concepts").Select(Path.GetFileName));
        Assert.Equal(51L, Convert.ToInt64(duck.Query($"SELECT count(*) FROM read_parquet('{Files("target_concepts")[0]}')")[0][0]));
    }

    [Fact]
    public void ReadingTablesDoc_DuckDbSnippets_RunAsWrittenOnTheMiniWorkspace()
    {
        // Given the sql blocks of docs/reading-tables.md (written for the mini workspace, .neurons/workspace-mini)
        var doc = File.ReadAllText(Path.Combine(MiniPipelineRun.RepositoryRoot(), "docs", "reading-tables.md"));
        var blocks = SqlBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= Expected.Count, $"docs/reading-tables.md has {blocks.Count} sql blocks; every table needs one");

        // Then each runs on this run's workspace and returns rows
        foreach (var sql in blocks)
        {
            var rows = duck.Query(sql.Replace(".neurons/workspace-mini", run.Workspace, StringComparison.Ordinal));
            Assert.True(rows.Count > 0, $"no rows from:\n{sql}");
        }

        // And every table has a block
        Assert.All(Expected.Keys, t => Assert.Contains(blocks, b => b.Contains($"/{t}/", StringComparison.Ordinal)));
    }

    public void Dispose() => duck.Dispose();

    private static List<float> Floats(object? list) => [.. ((List<object?>)list!).Select(v => Convert.ToSingle(v, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"```sql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    private List<string> Files(string table) =>
        [.. Directory.GetFiles(Path.Combine(run.Workspace, table), "*.parquet").Order(StringComparer.Ordinal)];
}
