using Neurons.Data.Tables;
using Neurons.Model.Attribution;

namespace Neurons.Model.Tests.Attribution;

public sealed class SubjectTaskMapsTests
{
    [Fact]
    public void Correlations_OfProportionalOppositeAndConstantMaps_AreOneMinusOneAndNaN()
    {
        // Given a = [1, 2, 3], b = 2a, c = -a, d constant
        double[][] maps = [[1, 2, 3], [2, 4, 6], [-1, -2, -3], [5, 5, 5]];

        // When correlated pairwise
        var r = SubjectTaskMaps.Correlations(maps);

        // Then r(a, b) = 1, r(a, c) = -1, r(·, d) undefined
        Assert.Equal(1.0, r[0][1], 12);
        Assert.Equal(-1.0, r[0][2], 12);
        Assert.True(double.IsNaN(r[0][3]));
        Assert.True(double.IsNaN(r[3][3]));
    }

    [Fact]
    public void Normalised_DividesByTheMaximum_AndZeroesWhenItIsNotPositive()
    {
        Assert.Equal([0.25, 1.0, 0.5], SubjectTaskMaps.Normalised([1, 4, 2]));
        Assert.Equal([0.0, 0.0], SubjectTaskMaps.Normalised([0, -1]));
    }

    [Fact]
    public void OnRows_PutsEachKeptVoxelAtItsGrayordinatesRow_TaskMajorWithinARow()
    {
        // Given two kept voxels at grayordinates 7 and 3, rows 3, 5, 7, and one value per task and voxel
        var mask = new FmriMaskRow { VertexIndices = [7, 3] };
        var tasks = TaskNames.All.Count;
        var values = Enumerable.Range(0, tasks).Select(t => new double[] { 10 + t, 20 + t }).ToList();

        // When laid out on the rows
        var data = SubjectTaskMaps.OnRows(values, mask, [3, 5, 7]);

        // Then row 0 (grayordinate 3) holds voxel 1, row 1 (5, not kept) zeros, row 2 (7) voxel 0
        Assert.Equal(3 * tasks, data.Length);
        Assert.Equal(Enumerable.Range(0, tasks).Select(t => (float)(20 + t)), data[..tasks]);
        Assert.All(data[tasks..(2 * tasks)], v => Assert.Equal(0f, v));
        Assert.Equal(Enumerable.Range(0, tasks).Select(t => (float)(10 + t)), data[(2 * tasks)..]);
    }

    [Fact]
    public void Csv_ListsGrayordinateSurfaceVertexAndEveryTask()
    {
        // Given one kept vertex (grayordinate 4, surface vertex 9) and task values 0.5, 1, 1.5, ...
        var mask = new FmriMaskRow { VertexIndices = [4], SurfaceVertices = [9] };
        var values = TaskNames.All.Select((_, t) => new double[] { 0.5 * (t + 1) }).ToList();

        // When written
        var lines = SubjectTaskMaps.Csv(mask, values).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then a header with the task names and one row
        Assert.Equal("grayordinate,surface_vertex," + string.Join(',', TaskNames.All), lines[0]);
        Assert.Equal("4,9," + string.Join(',', TaskNames.All.Select((_, t) => (0.5 * (t + 1)).ToString("G6", System.Globalization.CultureInfo.InvariantCulture))), lines[1]);
        Assert.Equal(2, lines.Length);
    }
}
