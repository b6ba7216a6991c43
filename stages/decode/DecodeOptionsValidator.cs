using Microsoft.Extensions.Options;

namespace Neurons.Stages.Decode;

/// <summary>Checks <see cref="DecodeOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class DecodeOptionsValidator : IValidateOptions<DecodeOptions>
{
}
