using Microsoft.Extensions.Options;

namespace Neurons.Stages.FmriMask;

/// <summary>Checks <see cref="FmriMaskOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class FmriMaskOptionsValidator : IValidateOptions<FmriMaskOptions>
{
}
