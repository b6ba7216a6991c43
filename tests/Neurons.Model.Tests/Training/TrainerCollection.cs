namespace Neurons.Model.Tests.Training;

/// <summary>
/// The trainer tests, run alone after every parallel test class: a trainer seeds libtorch's global generator and builds
/// its model from it, and the resume tests compare two runs bit for bit, so a test class drawing from that generator
/// in parallel (any <c>randn</c> without a generator, any module's default initialisation) would make them differ.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "Trainers (libtorch's global generator)";
}
