using Microsoft.Extensions.DependencyInjection;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Registration;

/// <summary>
/// Registers every <see cref="IStage"/> of this assembly, and every stage's <see cref="IStageRequirements"/>; the engine
/// matches them to <c>stage.yaml</c> by name.
/// </summary>
public static class StageServiceCollectionExtensions
{
    /// <summary>Adds every concrete <see cref="IStage"/> in this assembly as a singleton.</summary>
    public static IServiceCollection AddNeuronsStages(this IServiceCollection services)
    {
        var stages = typeof(StageServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IStage).IsAssignableFrom(t));
        foreach (var type in stages)
        {
            services.AddSingleton(typeof(IStage), type);
        }

        foreach (var type in typeof(StageServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IStageRequirements).IsAssignableFrom(t)))
        {
            services.AddSingleton(typeof(IStageRequirements), type);
        }

        return services;
    }
}
