using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Neurons.Annotation.WordNet;

/// <summary>
/// A read-only text file of lines sorted by their first space-separated field (byte order), searched
/// by binary search over byte positions the way WordNet's own <c>bin_search</c> does, and read at byte
/// offsets. Positional reads make it safe to share between threads.
/// </summary>
internal sealed class SortedLineFile : IDisposable
{
    private const int Chunk = 4096;
    private readonly SafeFileHandle handle;

    public SortedLineFile(string path)
    {
        Path = path;
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Returns the line starting at <paramref name="offset"/>, without its newline.</summary>
    public string ReadLineAt(long offset)
    {
        if (offset < 0 || offset >= Length)
        {
            throw new InvalidDataException($"{Path}: offset {offset} lies outside the file ({Length} bytes)");
        }

        var buffer = new byte[Chunk];
        var collected = new List<byte>(256);
        var position = offset;
        while (position < Length)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            if (read <= 0)
            {
                break;
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
            if (newline >= 0)
            {
                collected.AddRange(buffer.AsSpan(0, newline));
                break;
            }

            collected.AddRange(buffer.AsSpan(0, read));
            position += read;
        }

        return Encoding.Latin1.GetString(collected.ToArray());
    }

    /// <summary>Finds the line whose first field equals <paramref name="key"/> (ordinal byte order), or null.</summary>
    public string? Find(string key)
    {
        var keyBytes = Encoding.Latin1.GetBytes(key);
        long low = 0;
        long high = Length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            var start = StartOfLine(mid);
            var line = ReadLineAt(start);
            var comparison = CompareKey(keyBytes, line);
            if (comparison == 0)
            {
                return line;
            }

            if (comparison < 0)
            {
                high = start;
            }
            else
            {
                low = start + Encoding.Latin1.GetByteCount(line) + 1;
            }
        }

        return null;
    }

    public void Dispose() => handle.Dispose();

    private static int CompareKey(byte[] key, string line)
    {
        var end = line.IndexOf(' ', StringComparison.Ordinal);
        var field = end < 0 ? line : line[..end];
        var length = Math.Min(key.Length, field.Length);
        for (var i = 0; i < length; i++)
        {
            var c = key[i].CompareTo((byte)field[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return key.Length.CompareTo(field.Length);
    }

    private long StartOfLine(long position)
    {
        var buffer = new byte[Chunk];
        var end = position;
        while (end > 0)
        {
            var begin = Math.Max(0, end - Chunk);
            var count = (int)(end - begin);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, count), begin);
            var newline = Array.LastIndexOf(buffer, (byte)'\n', read - 1, read);
            if (newline >= 0)
            {
                return begin + newline + 1;
            }

            end = begin;
        }

        return 0;
    }
}
