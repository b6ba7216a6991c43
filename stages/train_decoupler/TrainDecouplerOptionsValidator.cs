using Microsoft.Extensions.Options;

namespace Neurons.Stages.TrainDecoupler;

/// <summary>Checks <see cref="TrainDecouplerOptions"/> against its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class TrainDecouplerOptionsValidator : IValidateOptions<TrainDecouplerOptions>
{
}
