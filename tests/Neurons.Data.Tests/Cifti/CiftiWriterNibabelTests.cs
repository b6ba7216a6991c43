using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

public sealed class CiftiWriterNibabelTests : IDisposable
{
    private const string Script = """
        import sys, json, nibabel as nib, numpy as np
        img = nib.load(sys.argv[1])
        d = np.asarray(img.get_fdata(), dtype=np.float64)
        series = img.header.get_axis(0)
        models = img.header.get_axis(1)
        print(json.dumps({
            "cls": type(img).__name__,
            "shape": list(d.shape),
            "series": [type(series).__name__, int(series.size), float(series.step), series.unit],
            "structures": [s[0] for s in models.iter_structures()],
            "vertex": [int(v) for v in models.vertex],
            "nvertices": {k: int(v) for k, v in models.nvertices.items()},
            "sum": float(d.sum()),
            "d_2_3": float(d[2, 3]),
        }))
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("cifti-nib-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [NibabelFact]
    public void Write_FileLoadsInNibabel_WithTimeByGrayordinateShapeAndValues()
    {
        // Given 5 grayordinates × 4 volumes, data[g * 4 + t] = 100 g + t
        var path = Path.Combine(dir, "n.dtseries.nii");
        var data = new float[20];
        for (var k = 0; k < 20; k++)
        {
            data[k] = (100 * (k / 4)) + (k % 4);
        }

        CiftiWriter.Write(path, CiftiWriterTests.TwoHemispheres(), 4, data);

        // When nibabel loads it
        var (exit, output) = NibabelFactAttribute.RunPython(Script, path);

        // Then it is a Cifti2Image of shape (T, G) = (4, 5) with a 2-s series and both cortices
        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal("Cifti2Image", r.GetProperty("cls").GetString());
        Assert.Equal([4, 5], r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        var series = r.GetProperty("series").EnumerateArray().Select(e => e.ToString()).ToList();
        Assert.Equal(["SeriesAxis", "4", "2.0", "SECOND"], series);
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], r.GetProperty("structures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0, 2, 7, 1, 9], r.GetProperty("vertex").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(10, r.GetProperty("nvertices").GetProperty("CIFTI_STRUCTURE_CORTEX_LEFT").GetInt32());
        Assert.Equal(data.Sum(), r.GetProperty("sum").GetDouble(), 3);
        Assert.Equal(302.0, r.GetProperty("d_2_3").GetDouble());
    }

    [NibabelFact]
    public void WriteDenseScalar_FileLoadsInNibabel_WithNamedMapsAndVertexCounts()
    {
        // Given 5 grayordinates × 3 named maps, data[g * 3 + m] = 10 g + m
        var path = Path.Combine(dir, "maps.dscalar.nii");
        var data = Enumerable.Range(0, 15).Select(k => (float)((10 * (k / 3)) + (k % 3))).ToArray();
        CiftiWriter.WriteDenseScalar(path, CiftiWriterTests.TwoHemispheres(), ["concepts", "masks", "caption"], data);

        // When nibabel loads it
        const string script = """
            import sys, json, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1])
            d = np.asarray(img.get_fdata(), dtype=np.float64)
            scalars = img.header.get_axis(0)
            models = img.header.get_axis(1)
            print(json.dumps({
                "intent": img.nifti_header.get_intent()[0],
                "axis": type(scalars).__name__,
                "names": [str(n) for n in scalars.name],
                "shape": list(d.shape),
                "structures": [s[0] for s in models.iter_structures()],
                "counts": [len(bm) for _, _, bm in models.iter_structures()],
                "d_1_4": float(d[1, 4]),
            }))
            """;
        var (exit, output) = NibabelFactAttribute.RunPython(script, path);

        // Then it is a dense scalar file of shape (maps, G) with the names in order and both cortices' vertex counts
        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal("ConnDenseScalar", r.GetProperty("intent").GetString());
        Assert.Equal("ScalarAxis", r.GetProperty("axis").GetString());
        Assert.Equal(["concepts", "masks", "caption"], r.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([3, 5], r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], r.GetProperty("structures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([3, 2], r.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(41.0, r.GetProperty("d_1_4").GetDouble());
    }
}
