using FFMpegCore.Pipes;

namespace Neurons.Data.Video;

/// <summary>One raw RGB24 frame fed to ffmpeg through a pipe.</summary>
internal sealed class RgbVideoFrame : IVideoFrame
{
    private readonly byte[] pixels;

    public RgbVideoFrame(byte[] pixels, int width, int height)
    {
        this.pixels = pixels;
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public string PixelFormat => "rgb24";

    public void Serialize(Stream pipe) => pipe.Write(pixels);

    public Task SerializeAsync(Stream pipe, CancellationToken token) => pipe.WriteAsync(pixels, token).AsTask();
}
