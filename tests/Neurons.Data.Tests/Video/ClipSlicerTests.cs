using Neurons.Data.Tables;
using Neurons.Data.Video;

namespace Neurons.Data.Tests.Video;

public sealed class ClipSlicerTests : IDisposable
{
    private const int Width = 160;
    private const int Height = 90;
    private readonly string folder = Directory.CreateTempSubdirectory("neurons-slice-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SourceFrames_OfTr_AreEveryTenthFrameOfItsWindow()
    {
        Assert.Equal([0, 10, 20, 30, 40, 50], ClipSlicer.SourceFrames(0));
        Assert.Equal([420, 430, 440, 450, 460, 470], ClipSlicer.SourceFrames(7));
    }

    [Fact]
    public async Task Slice_TakesSourceFrames60iPlus10k()
    {
        // Given a lossless 30-fps movie of 3 TRs where frame n is grey level 64 + 8·(n/10) when n is a
        // multiple of 10 and white otherwise, so any other frame choice shows up
        var movie = await MovieAsync("seg2.mp4", 180, n => n % 10 == 0 ? (byte)(64 + (8 * (n / 10))) : (byte)255);
        var clips = new List<ClipRow>();

        // When it is sliced
        var summary = await ClipSlicer.SliceAsync(movie, "seg2", "train", new SliceOptions { Trs = 3 }, Collect(clips), null, CancellationToken.None);

        // Then clip i frame k is source frame 60i + 10k
        Assert.Equal(3, clips.Count);
        Assert.Equal(18, summary.SampledFrames);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"seg2_{i:000}", clips[i].ClipId);
            Assert.Equal(3 + i, clips[i].SplitIndex);
            Assert.Equal(2.0 * i, clips[i].StartSeconds);
            Assert.Equal(ClipSlicer.SourceFrames(i), clips[i].SourceFrames);
            for (var k = 0; k < 6; k++)
            {
                var expected = 64 + (8 * (((60 * i) + (10 * k)) / 10));
                var mean = MeanOfFrame(clips[i].DecodeFrames(), k);
                Assert.InRange(mean, expected - 3, expected + 3);
            }
        }
    }

    [Fact]
    public async Task Slice_WithSquashAndCrop_ResizesTo224AsConfigured()
    {
        // Given a 16:9 movie whose left quarter is black and the rest white
        var movie = await MovieAsync("seg1.mp4", 60, _ => 0, leftQuarterOnly: true);
        var squashed = new List<ClipRow>();
        var cropped = new List<ClipRow>();

        await ClipSlicer.SliceAsync(movie, "seg1", "train", new SliceOptions { Trs = 1 }, Collect(squashed), null, CancellationToken.None);
        await ClipSlicer.SliceAsync(movie, "seg1", "train", new SliceOptions { Trs = 1, Resize = "crop" }, Collect(cropped), null, CancellationToken.None);

        // Then squash keeps the black quarter; crop (centre 90x90 of 160x90, source columns 35-124) keeps only 5 of its 40 columns
        Assert.Equal(224 * 224 * 3 * 6, squashed[0].DecodeFrames().Length);
        Assert.InRange(Pixel(squashed[0].DecodeFrames(), 0, 10, 112), 0, 20);
        Assert.InRange(Pixel(squashed[0].DecodeFrames(), 0, 200, 112), 235, 255);
        Assert.InRange(Pixel(cropped[0].DecodeFrames(), 0, 30, 112), 235, 255);
    }

    [Fact]
    public async Task Slice_WhenMovieIsShorterThanTheTrs_FailsAsTruncated()
    {
        var movie = await MovieAsync("seg3.mp4", 90, _ => 128);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ClipSlicer.SliceAsync(movie, "seg3", "train", new SliceOptions { Trs = 2 }, Collect([]), null, CancellationToken.None));

        Assert.Equal($"{Path.GetFileName(folder)}/seg3.mp4: truncated: it holds 3.0 s (1 complete TRs), fewer than the 2 TRs (4 s) the slice stage expects (parameter trs)", error.Message);
    }

    [Fact]
    public async Task Slice_WhenFileIsNotAVideo_FailsNamingIt()
    {
        var movie = Path.Combine(folder, "test1.mp4");
        await File.WriteAllBytesAsync(movie, new byte[4096]);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            ClipSlicer.SliceAsync(movie, "test1", "test", new SliceOptions { Trs = 1 }, Collect([]), null, CancellationToken.None));

        Assert.StartsWith($"{Path.GetFileName(folder)}/test1.mp4: not a readable video", error.Message);
    }

    private static Func<ClipRow, CancellationToken, Task> Collect(List<ClipRow> into) => (row, _) =>
    {
        into.Add(row);
        return Task.CompletedTask;
    };

    private static double MeanOfFrame(byte[] frames, int k)
    {
        var size = 224 * 224 * 3;
        long sum = 0;
        for (var i = k * size; i < (k + 1) * size; i++)
        {
            sum += frames[i];
        }

        return (double)sum / size;
    }

    private static byte Pixel(byte[] frames, int k, int x, int y) => frames[(k * 224 * 224 * 3) + (((y * 224) + x) * 3)];

    private async Task<string> MovieAsync(string name, int frames, Func<int, byte> level, bool leftQuarterOnly = false)
    {
        var path = Path.Combine(folder, name);
        IEnumerable<byte[]> Frames()
        {
            for (var n = 0; n < frames; n++)
            {
                var frame = new byte[Width * Height * 3];
                for (var y = 0; y < Height; y++)
                {
                    for (var x = 0; x < Width; x++)
                    {
                        var value = leftQuarterOnly ? (x < Width / 4 ? (byte)0 : (byte)255) : level(n);
                        frame.AsSpan((((y * Width) + x) * 3), 3).Fill(value);
                    }
                }

                yield return frame;
            }
        }

        await Mp4Encoder.EncodeAsync(path, Frames(), Width, Height, 30, crf: 0, CancellationToken.None);
        return path;
    }
}
