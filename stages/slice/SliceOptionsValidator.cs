using Microsoft.Extensions.Options;
using Neurons.Data.Video;

namespace Neurons.Stages.Slice;

/// <summary>Checks <see cref="SliceOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class SliceOptionsValidator : IValidateOptions<SliceOptions>
{
}
