namespace Neurons.Files;

/// <summary>Writes files so that a reader sees either the old or the new content, never a torn one.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> (named by <see cref="TempOwner"/>,
    /// so a run killed mid-write leaves a file the next run can attribute and remove), flushes it to disk and renames it into place.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = TempOwner.UniqueName(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Flushes an already written file to disk.</summary>
    public static void Flush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }
}
