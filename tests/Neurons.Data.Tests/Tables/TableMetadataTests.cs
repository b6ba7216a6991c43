using System.Text.Json.Nodes;
using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Tables;

public sealed class TableMetadataTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("neurons-table-metadata-").FullName;

    [Fact]
    public void ToKeyValues_DescribesTensorAndImageColumnsUnderOneKey()
    {
        // Given a tensor and an image column
        var metadata = new TableMetadata("t")
            .Tensor("tokens", "float16", [6, 16, 32], "frame", "token", "channel")
            .Image("frames", "RGB", [6, 224, 224, 3], "frame", "row", "column", "channel")
            .Set("extra", 1)
            .ToKeyValues();

        // Then the one key holds them as JSON
        var pair = Assert.Single(metadata);
        Assert.Equal(TableMetadata.Key, pair.Key);
        Assert.Equal(
            "{\"format\":1,\"table\":\"t\",\"columns\":{\"tokens\":{\"dtype\":\"float16\",\"storage\":\"float32\",\"shape\":[6,16,32],\"axes\":[\"frame\",\"token\",\"channel\"]}," +
            "\"frames\":{\"image\":\"png\",\"mode\":\"RGB\",\"shape\":[6,224,224,3],\"axes\":[\"frame\",\"row\",\"column\",\"channel\"]}},\"extra\":1}",
            pair.Value);
    }

    [Fact]
    public async Task WriteAsync_WithMetadataOverSeveralRowGroups_KeepsItInTheFooter()
    {
        // Given rows written in three row groups with the fmri metadata
        var path = Path.Combine(dir, "fmri.parquet");
        var rows = Enumerable.Range(0, 5).Select(i => new FmriRow { ClipId = $"seg1_{i:000}", Subject = 1, Voxels = [i, -i] }).ToList();
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None, rowGroupSize: 2, metadata: FmriRow.Metadata([(1, [7, 9])]));

        // When the footer and the rows are read back
        var metadata = await ParquetRows.ReadMetadataAsync(path, CancellationToken.None);
        var back = await ParquetRows.ReadAsync<FmriRow>(path, CancellationToken.None);

        // Then the vertex indices and V are there, keyed by subject, and the rows are intact
        var json = JsonNode.Parse(metadata[TableMetadata.Key])!;
        Assert.Equal("[7,9]", json["vertex_indices"]!["1"]!.ToJsonString());
        Assert.Equal(2, json["v"]!["1"]!.GetValue<int>());
        Assert.Equal(rows.Select(r => r.Voxels), back.Select(r => r.Voxels));
    }

    [Fact]
    public async Task TableImageColumns_RoundTripThroughTheSerializer()
    {
        // Given a row with one image and a list of images
        var path = Path.Combine(dir, "images.parquet");
        var row = new ImageRow { Single = TableImages.FromMask([true, false], 2, 1), Frames = TableImages.FromRgbFrames(new byte[2 * 3 * 2], 1, 2) };

        // When written and read
        await ParquetRows.WriteAsync(path, [row], CancellationToken.None);
        var back = Assert.Single(await ParquetRows.ReadAsync<ImageRow>(path, CancellationToken.None));

        // Then the PNG bytes and the null paths come back
        Assert.Equal(row.Single.Bytes, back.Single.Bytes);
        Assert.Null(back.Single.Path);
        Assert.Equal(row.Frames.Select(f => f.Bytes), back.Frames.Select(f => f.Bytes));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
