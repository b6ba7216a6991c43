using Microsoft.Extensions.Options;

namespace Neurons.Stages.Fmri;

/// <summary>Checks <see cref="FmriOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class FmriOptionsValidator : IValidateOptions<FmriOptions>
{
}
