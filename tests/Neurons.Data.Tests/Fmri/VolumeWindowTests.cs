using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class VolumeWindowTests
{
    [Theory]
    [InlineData(245, 1)]
    [InlineData(246, 2)]
    public void For_WhenFullSegment_KeepsTheAuthorsTrimmedRange(int volumes, int expectedStart)
    {
        // Given a run of 245 (seg*, test1) or 246 (test2..5) volumes and 240 clips
        // When the window is computed without lag
        var (start, length) = VolumeWindow.For("run.nii", volumes, 240, 0);

        // Then it is [1, 241) or [2, 242): first 1 or 2 and the last 4 dropped
        Assert.Equal(expectedStart, start);
        Assert.Equal(240, length);
        Assert.Equal(4, volumes - (start + length));
    }

    [Fact]
    public void For_WhenFewerClips_KeepsTheFirstTrimmedVolumes()
    {
        // Given a mini segment of 24 clips in a 245-volume run
        // When the window is computed
        var window = VolumeWindow.For("run.nii", 245, 24, 0);

        // Then clips 0..23 pair with trimmed volumes 0..23 (raw 1..24)
        Assert.Equal((1, 24), window);
    }

    [Theory]
    [InlineData(4, 5)]
    [InlineData(-1, 0)]
    public void For_WhenLagFitsInTheDroppedVolumes_ShiftsTheWindow(int lag, int expectedStart)
    {
        // Given 240 clips in a 245-volume run
        // When lagged by up to 4 volumes after or 1 before
        var (start, _) = VolumeWindow.For("run.nii", 245, 240, lag);

        // Then the window moves by the lag
        Assert.Equal(expectedStart, start);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-2)]
    public void For_WhenLagRunsOffTheFile_FailsNamingTheLag(int lag)
    {
        // Given 240 clips in a 245-volume run
        // When lagged beyond the dropped volumes
        var ex = Assert.Throws<InvalidDataException>(() => VolumeWindow.For("run.nii", 245, 240, lag));

        // Then the message names the file and the lag
        Assert.StartsWith("run.nii: lag_trs " + lag, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(240)]
    [InlineData(247)]
    [InlineData(100)]
    public void For_WhenVolumeCountIsNot245Or246_FailsWithOneLine(int volumes)
    {
        // Given a run of an unexpected length (e.g. subject 3 test2 repeat 9)
        // When the window is computed
        var ex = Assert.Throws<InvalidDataException>(() => VolumeWindow.For("/d/test2_9_Atlas.dtseries.nii", volumes, 240, 0));

        // Then the message names the file and the count
        Assert.Equal($"/d/test2_9_Atlas.dtseries.nii: {volumes} volumes, expected 245 or 246 (cc2017 trimming rule)", ex.Message);
    }

    [Fact]
    public void For_WhenMoreThan240Clips_Fails()
    {
        // Given a clips table with 241 clips for the segment
        // When / Then
        var ex = Assert.Throws<InvalidDataException>(() => VolumeWindow.For("run.nii", 245, 241, 0));
        Assert.Contains("241 clips", ex.Message, StringComparison.Ordinal);
    }
}
