using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Neurons.Generation.Pipeline;

/// <summary>
/// The generate stage's resume cache: one file per finished clip under <c>.cache/generate/&lt;shard&gt;/</c>, named by
/// a hash of the clip's inputs, the generation settings and the model files' identity, written atomically. A
/// killed run restarts at the first clip without a file; a shard commit leaves the files for the next run.
/// </summary>
public sealed class ClipCache
{
    private const int Magic = 0x4E47454E; // "NGEN"
    private readonly string directory;

    /// <summary>Initializes a new instance of the <see cref="ClipCache"/> class over a folder (created when missing).</summary>
    public ClipCache(string directory)
    {
        this.directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Returns the cache key of a clip: SHA-256 over the settings, the models' identity, the decoded row's inputs and the seed (keyframe tokens only when they are used).</summary>
    public static string Key(string settings, string models, DecodedClip row, ulong seed, bool withTokens)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        void Bytes(byte[] b)
        {
            hash.AppendData(BitConverter.GetBytes(b.Length));
            hash.AppendData(b);
        }

        Text(settings);
        Text(models);
        Text(row.ClipId);
        hash.AppendData(BitConverter.GetBytes(row.Subject));
        hash.AppendData(BitConverter.GetBytes(seed));
        Text(row.Caption);
        hash.AppendData(BitConverter.GetBytes(row.MaskSize));
        foreach (var mask in row.Masks)
        {
            Bytes(mask.Bytes);
        }

        hash.AppendData(BitConverter.GetBytes(row.Width));
        foreach (var frame in row.BlurryFrames)
        {
            Bytes(frame.Bytes);
        }

        if (withTokens)
        {
            Bytes(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(row.KeyframeTokens)).ToArray());
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Loads a finished clip and its generation seconds; false when there is none or the file is not a whole clip.</summary>
    public bool TryLoad(string key, out GeneratedClip? clip, out double seconds)
    {
        clip = null;
        seconds = 0;
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != Magic)
            {
                return false;
            }

            var clipKey = reader.ReadString();
            var prompt = reader.ReadString();
            var size = reader.ReadInt32();
            var frames = reader.ReadBytes(reader.ReadInt32());
            var keyframe = reader.ReadBytes(reader.ReadInt32());
            seconds = reader.ReadDouble();
            clip = new GeneratedClip(clipKey, prompt, frames, size, keyframe, []);
            return frames.Length == 6 * size * size * 3 && keyframe.Length == size * size * 3;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    /// <summary>Stores a finished clip atomically (temporary file, then rename).</summary>
    public void Store(string key, GeneratedClip clip, double seconds)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var path = PathOf(key);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(Magic);
            writer.Write(clip.Key);
            writer.Write(clip.Prompt);
            writer.Write(clip.Size);
            writer.Write(clip.Frames.Length);
            writer.Write(clip.Frames);
            writer.Write(clip.Keyframe.Length);
            writer.Write(clip.Keyframe);
            writer.Write(seconds);
        }

        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(string key) => Path.Combine(directory, key + ".clip");
}
