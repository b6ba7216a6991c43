using System.Globalization;

namespace Neurons.Model.IO;

/// <summary>
/// What a non-strict load did, in PyTorch's terms (<c>load_state_dict(strict=False)</c> returns
/// <c>_IncompatibleKeys(missing_keys=[…], unexpected_keys=[…])</c>): the model's keys the file lacks (left as they
/// were) and the file's keys the model has no place for (ignored), both with the reference's key names.
/// </summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Source">Where in the file the state dict was (<c>model_state_dict</c>, <c>(top level)</c>).</param>
/// <param name="Loaded">How many tensors were copied.</param>
/// <param name="MissingKeys">The model's keys absent from the file, in the model's order.</param>
/// <param name="UnexpectedKeys">The file's keys the model does not have, in the order PyTorch lists them.</param>
/// <param name="Converted">Keys whose dtype was converted to the model's (e.g. F16 → F32).</param>
public sealed record StateDictReport(
    string Path,
    string Source,
    int Loaded,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<string> Converted)
{
    /// <summary>Gets a value indicating whether every key matched both ways (what <c>strict=True</c> requires).</summary>
    public bool IsExact => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;

    /// <summary>The report as PyTorch prints the result of <c>load_state_dict(strict=False)</c>.</summary>
    public string ToPyTorchString() =>
        string.Create(CultureInfo.InvariantCulture, $"_IncompatibleKeys(missing_keys=[{Quote(MissingKeys)}], unexpected_keys=[{Quote(UnexpectedKeys)}])");

    /// <summary>One line for a log: counts and the first few keys of each kind.</summary>
    public string Summary(int show = 5) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Path} [{Source}]: loaded {Loaded} tensors; missing {MissingKeys.Count}{Few(MissingKeys, show)}; unexpected {UnexpectedKeys.Count}{Few(UnexpectedKeys, show)}{(Converted.Count > 0 ? $"; dtype converted {Converted.Count}" : string.Empty)}");

    /// <inheritdoc/>
    public override string ToString() => ToPyTorchString();

    private static string Quote(IReadOnlyList<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));

    private static string Few(IReadOnlyList<string> keys, int show) =>
        keys.Count == 0 ? string.Empty : $" ({string.Join(", ", keys.Take(show))}{(keys.Count > show ? ", …" : string.Empty)})";
}
