using Microsoft.Extensions.Options;

namespace Neurons.Stages.Annotate;

/// <summary>Checks <see cref="AnnotateOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class AnnotateOptionsValidator : IValidateOptions<AnnotateOptions>
{
}
