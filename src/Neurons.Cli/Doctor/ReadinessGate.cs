using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reporting;
using Neurons.Engine.Config;
using Neurons.Engine.Readiness;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Stages.Registration;

namespace Neurons.Cli.Doctor;

/// <summary>
/// The readiness checks of <c>pipeline doctor</c> (every selected stage) and of <c>pipeline run</c> (only the stages
/// with work items that will run, so an idle run checks nothing and asks no server).
/// </summary>
internal static class ReadinessGate
{
    /// <summary>
    /// <c>pipeline run</c>'s checks on a plan from <see cref="PlanRun"/> (which validated the selected stages' parameters):
    /// the requirements of the stages with work items that will run.
    /// </summary>
    public static async Task<ReadinessReport> CheckRunAsync(PipelineSession session, RunPlan plan, CancellationToken cancellationToken)
    {
        if (plan.IsIdle)
        {
            return new ReadinessReport([], 0);
        }

        using var services = Services();
        var stages = session.Catalog.Stages.Where(s => plan.Pending.Any(p => p.Stage == s)).ToList();
        var checker = new ReadinessChecker(session, services.GetServices<IStageRequirements>(), BuildIdentity());
        return await checker.CheckAsync(stages, plan.Assessments, plan.Pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Selects a run's work items (validating the selected stages' parameters: errors stop the run) and assesses each
    /// once: those not done, and those of forced stages, will run.
    /// </summary>
    public static RunPlan PlanRun(PipelineSession session, RunRequest request)
    {
        var (items, forced) = RunHost.CreateRunner(session, new NullRunObserver()).Select(request);
        var assessments = session.AssessAll(items);
        var pending = assessments.Where(a => a.State != ItemState.Done || forced.Contains(a.Item.Stage.Name)).Select(a => a.Item).ToHashSet();
        return new RunPlan(assessments, pending);
    }

    /// <summary>
    /// <c>pipeline doctor</c>'s checks: every selected stage's parameters (each refused value is a problem, except a
    /// missing file, which its requirement reports with its fix) and requirements, and the disk for every work item not done.
    /// </summary>
    public static async Task<ReadinessReport> CheckAllAsync(PipelineSession session, IReadOnlyList<string> stageNames, CancellationToken cancellationToken)
    {
        var stages = Selected(session.Catalog, stageNames);
        using var services = Services();
        var implementations = services.GetServices<IStage>().ToDictionary(s => s.Name, StringComparer.Ordinal);
        var checker = new ReadinessChecker(session, services.GetServices<IStageRequirements>(), BuildIdentity());
        var refused = new List<ReadinessFinding>();
        foreach (var stage in stages)
        {
            if (!implementations.TryGetValue(stage.Name, out var implementation))
            {
                throw new ConfigException(stage.File, "name", $"no implementation is registered for stage '{stage.Name}'");
            }

            var files = checker.RequirementsOf(stage).OfType<FileRequirement>().Select(f => f.Parameter).ToHashSet(StringComparer.Ordinal);
            var parameters = session.Parameters[stage.Name];
            foreach (var error in implementation.ValidateParameters(parameters).Where(e => !files.Contains(e.Parameter)))
            {
                var (file, key) = parameters.Origin(error.Parameter, stage);
                refused.Add(new ReadinessFinding("parameter", [stage.Name], error.Parameter, $"{file}: {key}", false, error.Message, $"{file}: {key} (see `pipeline stages`)"));
            }
        }

        var assessments = session.AssessAll(session.Items(stages, ShardSet.Everything));
        var pending = assessments.Where(a => a.State != ItemState.Done).Select(a => a.Item).ToHashSet();
        var report = await checker.CheckAsync(stages, assessments, pending, cancellationToken).ConfigureAwait(false);
        return report with { Findings = [.. refused, .. report.Findings] };
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddNeuronsStages().BuildServiceProvider();

    private static List<StageDefinition> Selected(StageCatalog catalog, IReadOnlyList<string> names)
    {
        foreach (var name in names.Where(n => !catalog.TryGet(n, out _)))
        {
            throw new ConfigException("command line", "--stage", $"unknown stage '{name}' (known: {string.Join(", ", catalog.Stages.Select(x => x.Name))})");
        }

        return [.. catalog.Stages.Where(s => names.Count == 0 || names.Contains(s.Name))];
    }

    /// <summary>The build's identity: the SHA-256 of its code manifest (every source file's hash), so a rebuilt wrapper rechecks.</summary>
    private static string BuildIdentity()
    {
        var manifest = Path.Combine(SessionLoader.StagesDirectory, "code-hashes.txt");
        return File.Exists(manifest)
            ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest)))
            : typeof(ReadinessGate).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    }
}
