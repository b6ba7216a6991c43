using System.Globalization;

namespace Neurons.Generation.Models;

/// <summary>
/// The SD-1.5 UNet's skip layout, shared by SparseCtrl's residual outputs and the UNet3D's residual inputs:
/// 12 down residuals (3-D layout [B, C, F, h, w]) at channels c, c, c, c, 2c, 2c, 2c, 4c, 4c, 4c, 4c, 4c and
/// latent downsampling 1, 1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8, plus a mid residual of 4c at 8 (c = 320 in SD-1.5:
/// 320@32² ×3, 320@16², 640@16² ×2, 640@8², 1280@8² ×2, 1280@4² ×3, mid 1280@4² for 256² video).
/// </summary>
/// <param name="BaseChannels">c: 320 for SD-1.5; the fixtures use a few channels.</param>
public sealed record UnetLayout(int BaseChannels)
{
    /// <summary>The number of down-block residuals.</summary>
    public const int DownResiduals = 12;

    private static readonly int[] Multipliers = [1, 1, 1, 1, 2, 2, 2, 4, 4, 4, 4, 4];
    private static readonly int[] Downsampling = [1, 1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8];

    /// <summary>Gets the SD-1.5 layout (c = 320).</summary>
    public static UnetLayout StableDiffusion15 { get; } = new(320);

    /// <summary>Gets the mid-block residual's channels (4c).</summary>
    public int MidChannels => 4 * BaseChannels;

    /// <summary>Gets the mid-block residual's latent downsampling (8).</summary>
    public static int MidDownsampling => 8;

    /// <summary>Returns the name of down residual <paramref name="k"/> (<c>down_res_k</c>).</summary>
    public static string DownName(int k) => string.Create(CultureInfo.InvariantCulture, $"down_res_{k}");

    /// <summary>The mid residual's name.</summary>
    public const string MidName = "mid_res";

    /// <summary>Returns the channels of down residual <paramref name="k"/>.</summary>
    public int DownChannels(int k) => Multipliers[k] * BaseChannels;

    /// <summary>Returns the latent downsampling of down residual <paramref name="k"/>.</summary>
    public static int DownDownsampling(int k) => Downsampling[k];

    /// <summary>Gets every residual name in order: <c>down_res_0 … down_res_11, mid_res</c>.</summary>
    public static IReadOnlyList<string> ResidualNames { get; } = [.. Enumerable.Range(0, DownResiduals).Select(DownName), MidName];

    /// <summary>Returns (channels, downsampling) of residual <paramref name="k"/> in <see cref="ResidualNames"/> order (12 is the mid residual).</summary>
    public (int Channels, int Downsampling) Residual(int k) =>
        k == DownResiduals ? (MidChannels, MidDownsampling) : (DownChannels(k), DownDownsampling(k));
}
