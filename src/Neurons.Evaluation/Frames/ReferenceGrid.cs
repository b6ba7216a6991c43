namespace Neurons.Evaluation.Frames;

/// <summary>
/// Reproduces the frame layout NEURONS scores (docs/evaluation.md): torchvision <c>make_grid</c> of the GT and
/// predicted frames (padding 2, black) split in half at the middle column, which gives two
/// (S+4)×(S+3) images whose content is shifted by one column (GT at local columns 2..S+1, the
/// prediction at 1..S). GIF palette quantisation is not reproduced.
/// </summary>
public static class ReferenceGrid
{
    /// <summary>Returns the GT and prediction halves of the grid of two S×S RGB frames.</summary>
    /// <returns>The halves as RGB bytes and their width and height.</returns>
    /// <exception cref="ArgumentException">A frame is not S×S×3 bytes.</exception>
    public static (byte[] Truth, byte[] Prediction, int Width, int Height) Split(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> prediction, int size)
    {
        if (truth.Length != size * size * 3 || prediction.Length != size * size * 3)
        {
            throw new ArgumentException($"frames must be {size}×{size} RGB ({size * size * 3} bytes)", nameof(truth));
        }

        const int padding = 2;
        var gridWidth = (2 * (size + padding)) + padding;
        var height = size + (2 * padding);
        var half = gridWidth / 2;
        var grid = new byte[height * gridWidth * 3];
        Place(grid, gridWidth, truth, size, padding, padding);
        Place(grid, gridWidth, prediction, size, padding, size + (2 * padding));
        var left = new byte[height * half * 3];
        var right = new byte[height * (gridWidth - half) * 3];
        for (var row = 0; row < height; row++)
        {
            Array.Copy(grid, row * gridWidth * 3, left, row * half * 3, half * 3);
            Array.Copy(grid, ((row * gridWidth) + half) * 3, right, row * (gridWidth - half) * 3, (gridWidth - half) * 3);
        }

        return (left, right, half, height);
    }

    private static void Place(byte[] grid, int gridWidth, ReadOnlySpan<byte> frame, int size, int top, int left)
    {
        for (var row = 0; row < size; row++)
        {
            frame.Slice(row * size * 3, size * 3).CopyTo(grid.AsSpan((((top + row) * gridWidth) + left) * 3));
        }
    }
}
