using System.Security.Cryptography;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Tests.Vlm;

/// <summary>Small clips whose frames are distinct pseudo-random images (so each has its own cache key).</summary>
public static class ClipFixtures
{
    public static List<ClipRow> Make(int count, string segment = "seg1", string split = "train", int size = 16, int firstSplitIndex = 0)
    {
        var clips = new List<ClipRow>();
        for (var i = 0; i < count; i++)
        {
            var frames = new byte[ClipRow.FrameCount * size * size * 3];
            var seed = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{segment}/{i}"));
            new Random(BitConverter.ToInt32(seed)).NextBytes(frames);
            clips.Add(new ClipRow
            {
                ClipId = $"{segment}_{i:000}",
                Split = split,
                Segment = segment,
                TrIndex = i,
                SplitIndex = firstSplitIndex + i,
                StartSeconds = 2.0 * i,
                SourceFrames = [.. Enumerable.Range(0, ClipRow.FrameCount).Select(f => (i * 60) + (f * 10))],
                Width = size,
                Height = size,
                Frames = TableImages.FromRgbFrames(frames, size, size),
                SourceSha256 = new string('0', 64),
            });
        }

        return clips;
    }

    /// <summary>The RGB bytes of one frame.</summary>
    public static byte[] Frame(ClipRow clip, int frame)
    {
        var bytes = clip.Width * clip.Height * 3;
        return clip.DecodeFrames().AsSpan(frame * bytes, bytes).ToArray();
    }
}
