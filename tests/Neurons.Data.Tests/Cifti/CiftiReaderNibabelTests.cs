using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

public sealed class CiftiReaderNibabelTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cifti-read-nib-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [NibabelFact]
    public void Open_FileNibabelWrote_ReturnsItsModelsIndicesAndValues()
    {
        // Given a dense time series written by nibabel: 3 volumes of TR 0.8 s over 1,000 left-cortex vertices of
        // 32,492 (every 32nd, plus 7), 2 right-cortex vertices and 2 thalamus voxels (VoxelIndicesIJK);
        // value (g, t) = g + t / 8, float32
        const string script = """
            import sys, numpy as np, nibabel as nib
            from nibabel.cifti2 import cifti2_axes as ax
            left = np.zeros(32492, bool); left[np.arange(1000) * 32 + 7] = True
            right = np.zeros(32492, bool); right[[5, 32491]] = True
            vol = np.zeros((4, 4, 4), bool); vol[1, 2, 3] = True; vol[3, 0, 1] = True
            models = (ax.BrainModelAxis.from_mask(left, 'CortexLeft')
                      + ax.BrainModelAxis.from_mask(right, 'CortexRight')
                      + ax.BrainModelAxis.from_mask(vol, 'ThalamusLeft', affine=np.eye(4)))
            series = ax.SeriesAxis(start=0, step=0.8, size=3)
            g = len(models)
            data = (np.arange(g)[None, :] + np.arange(3)[:, None] / 8).astype(np.float32)
            img = nib.Cifti2Image(data, header=(series, models))
            img.nifti_header.set_intent('ConnDenseSeries')
            img.to_filename(sys.argv[1])
            """;
        var path = Path.Combine(dir, "nib.dtseries.nii");
        var (exit, output) = NibabelFactAttribute.RunPython(script, path);
        Assert.True(exit == 0, output);

        // When our reader opens it and reads every row
        using var reader = CiftiReader.Open(path);
        var header = reader.Header;
        var rows = new float[header.Grayordinates * header.Volumes];
        reader.ReadRows(0, header.Grayordinates, rows);

        // Then it sees nibabel's three models, the vertex lists it wrote and the values, exactly
        Assert.Equal(3, header.Volumes);
        Assert.Equal(1004, header.Grayordinates);
        Assert.Equal(0.8, header.SeriesStep, 6);
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT", "CIFTI_STRUCTURE_THALAMUS_LEFT"], header.Models.Select(m => m.Structure));
        Assert.Equal([0, 1000, 1002], header.Models.Select(m => m.IndexOffset));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (i * 32) + 7), header.Models[0].VertexIndices);
        Assert.Equal([5, 32491], header.Models[1].VertexIndices);
        Assert.Equal(32492, header.Models[1].SurfaceVertexCount);
        Assert.Empty(header.Models[2].VertexIndices);
        Assert.Equal(Enumerable.Range(0, rows.Length).Select(k => (float)((k / 3) + ((k % 3) / 8.0))), rows);
    }
}
