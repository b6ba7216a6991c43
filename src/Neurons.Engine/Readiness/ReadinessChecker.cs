using System.Diagnostics;
using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Readiness;

/// <summary>
/// Checks, before any work, what the given stages declare they need (<see cref="IStageRequirements"/>): every file
/// present, readable, its size and SHA-256, its content as the stage's wrapper expects it (load-time checks, nothing
/// run; passed checks cached by size and modification time); each VLM server reachable with the model (one request);
/// each tool on <c>PATH</c>; a GPU visible where one is asked for; and the workspace disk against the estimated
/// size of the work items still to run. Shared files, servers and tools are checked once.
/// </summary>
public sealed class ReadinessChecker
{
    private readonly PipelineSession session;
    private readonly IReadOnlyDictionary<string, IStageRequirements> stages;
    private readonly ReadinessCache cache;

    /// <summary>Initializes a new instance of the <see cref="ReadinessChecker"/> class.</summary>
    /// <param name="session">The session whose parameters, workspace and file-hash cache are used.</param>
    /// <param name="requirements">The stages' declarations (a stage without one needs nothing).</param>
    /// <param name="build">The build's identity (a cached check is redone under another build).</param>
    public ReadinessChecker(PipelineSession session, IEnumerable<IStageRequirements> requirements, string build)
    {
        ArgumentNullException.ThrowIfNull(session);
        this.session = session;
        stages = requirements.ToDictionary(s => s.Stage, StringComparer.Ordinal);
        cache = new ReadinessCache(session.Config.Workspace, build);
    }

    /// <summary>Gets how long a server may take to answer its one request.</summary>
    public TimeSpan EndpointTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the GPU probe (tests replace it): the number of GPUs the process sees.</summary>
    public Func<int> VisibleGpus { get; init; } = MachineProbes.VisibleGpus;

    /// <summary>Gets the free-space probe (tests replace it): the bytes available at a path.</summary>
    public Func<string, long> FreeSpace { get; init; } = MachineProbes.FreeSpace;

    /// <summary>Gets the executable lookup (tests replace it): the full path of a tool, or null.</summary>
    public Func<string, string?> FindTool { get; init; } = MachineProbes.FindOnPath;

    /// <summary>Returns what a stage declares it needs with its effective parameters.</summary>
    public IReadOnlyList<StageRequirement> RequirementsOf(StageDefinition stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return stages.TryGetValue(stage.Name, out var declared) ? declared.Of(session.Parameters[stage.Name]) : [];
    }

    /// <summary>Checks the requirements of <paramref name="selected"/> and the disk for the <paramref name="pending"/> work items.</summary>
    /// <param name="selected">The stages whose requirements are checked, in order.</param>
    /// <param name="assessments">Assessments of the selected work items (committed output sizes estimate the pending ones).</param>
    /// <param name="pending">The work items that will run.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<ReadinessReport> CheckAsync(IReadOnlyList<StageDefinition> selected, IReadOnlyList<ItemAssessment> assessments, IReadOnlySet<WorkItem> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(assessments);
        ArgumentNullException.ThrowIfNull(pending);
        var watch = Stopwatch.StartNew();
        var declared = selected.SelectMany(s => RequirementsOf(s).Select(r => (Stage: s.Name, Requirement: r))).ToList();

        // Servers answer while the files are read: one request each, all at once.
        var endpoints = declared.Where(d => d.Requirement is EndpointRequirement)
            .GroupBy(d => (((EndpointRequirement)d.Requirement).Endpoint, ((EndpointRequirement)d.Requirement).Model))
            .Select(g => CheckEndpointAsync([.. g.Select(d => d.Stage).Distinct()], (EndpointRequirement)g.First().Requirement, cancellationToken))
            .ToList();

        var findings = new List<ReadinessFinding>();
        var contentResults = new Dictionary<string, (bool Ok, string Message, bool Cached)>(StringComparer.Ordinal);
        foreach (var (stage, requirement) in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (requirement)
            {
                case FileRequirement file:
                    findings.Add(CheckFile(stage, file, contentResults));
                    break;
                case GpuRequirement gpu:
                    findings.Add(CheckGpu(stage, gpu));
                    break;
            }
        }

        foreach (var tool in declared.Where(d => d.Requirement is ToolRequirement).GroupBy(d => ((ToolRequirement)d.Requirement).Tool, StringComparer.Ordinal))
        {
            var requirement = (ToolRequirement)tool.First().Requirement;
            var found = FindTool(tool.Key);
            findings.Add(new ReadinessFinding(
                "tool",
                [.. tool.Select(d => d.Stage).Distinct()],
                string.Empty,
                tool.Key,
                found is not null,
                found is not null ? $"{tool.Key} at {found}" : $"{tool.Key} is not on PATH",
                requirement.Recipe));
        }

        if (pending.Count > 0)
        {
            findings.Add(CheckDisk(assessments, pending));
        }

        findings.AddRange(await Task.WhenAll(endpoints).ConfigureAwait(false));
        // Caches are written only into a workspace a run has claimed: a mis-pointed one never gets a file from a check.
        if (File.Exists(Path.Combine(session.Config.Workspace, WorkspaceGuard.MarkerName)))
        {
            cache.Save();
            session.Hashes.Save();
        }

        return new ReadinessReport(findings, watch.Elapsed.TotalSeconds);
    }

    private ReadinessFinding CheckFile(string stage, FileRequirement file, Dictionary<string, (bool Ok, string Message, bool Cached)> contentResults)
    {
        ReadinessFinding Finding(bool ok, string message) =>
            new("file", [stage], file.Parameter, PipelineConfigLoader.DisplayPath(file.Path), ok, message, file.Recipe);

        if (file.IsDirectory)
        {
            if (!Directory.Exists(file.Path))
            {
                return Finding(false, $"{file.What} folder not found: {PipelineConfigLoader.DisplayPath(file.Path)}");
            }

            long total = 0;
            var count = 0;
            foreach (var entry in Directory.EnumerateFiles(file.Path, "*", SearchOption.AllDirectories))
            {
                if (Unreadable(entry) is { } why)
                {
                    return Finding(false, $"{file.What} file {PipelineConfigLoader.DisplayPath(entry)} cannot be read: {why}");
                }

                total += new FileInfo(entry).Length;
                count++;
            }

            if (file.Check is not null)
            {
                try
                {
                    file.Check(file.Path);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return Finding(false, FirstLine(ex.Message)) with { Bytes = total };
                }
            }

            return Finding(true, $"{file.What}: {count} files") with { Bytes = total };
        }

        var info = new FileInfo(file.Path);
        if (!info.Exists)
        {
            return Finding(false, Directory.Exists(file.Path)
                ? $"{file.What} is a folder, expected a file: {PipelineConfigLoader.DisplayPath(file.Path)}"
                : $"{file.What} not found: {PipelineConfigLoader.DisplayPath(file.Path)}");
        }

        if (Unreadable(file.Path) is { } reason)
        {
            return Finding(false, $"{file.What} {PipelineConfigLoader.DisplayPath(file.Path)} cannot be read: {reason}");
        }

        var hash = session.Hashes.Of(file.Path);
        var (ok, message, cached) = (true, file.What, false);
        if (file.Check is not null)
        {
            var key = $"{file.CheckId}|{info.FullName}";
            if (!contentResults.TryGetValue(key, out var result))
            {
                result = RunContentCheck(file, info);
                contentResults[key] = result;
            }

            (ok, message, cached) = result;
        }

        return Finding(ok, message) with { Bytes = info.Length, Sha256 = hash, Cached = cached };
    }

    private (bool Ok, string Message, bool Cached) RunContentCheck(FileRequirement file, FileInfo info)
    {
        if (file.CheckId.Length > 0 && cache.Passed(file.CheckId, info))
        {
            return (true, $"{file.What}: as expected (checked before)", true);
        }

        try
        {
            file.Check!(file.Path);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, FirstLine(ex.Message), false);
        }

        if (file.CheckId.Length > 0)
        {
            cache.RecordPass(file.CheckId, info);
        }

        return (true, $"{file.What}: as expected", false);
    }

    private ReadinessFinding CheckGpu(string stage, GpuRequirement gpu)
    {
        var count = VisibleGpus();
        if (count == 0)
        {
            return new ReadinessFinding("gpu", [stage], gpu.Parameter, "cuda", false, "cuda is asked for but no NVIDIA GPU is visible (no /dev/nvidia<N>, or CUDA_VISIBLE_DEVICES hides them)", gpu.Recipe);
        }

        if (gpu.BuildCheck is not null)
        {
            try
            {
                gpu.BuildCheck();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new ReadinessFinding("gpu", [stage], gpu.Parameter, "cuda", false, FirstLine(ex.Message), gpu.Recipe);
            }
        }

        return new ReadinessFinding("gpu", [stage], gpu.Parameter, "cuda", true, $"{count} GPU(s) visible", gpu.Recipe);
    }

    private async Task<ReadinessFinding> CheckEndpointAsync(IReadOnlyList<string> stageNames, EndpointRequirement endpoint, CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            problem = await endpoint.Probe(EndpointTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problem = $"{endpoint.Endpoint}: {FirstLine(ex.Message)}";
        }

        return new ReadinessFinding(
            "endpoint",
            stageNames,
            endpoint.Parameter,
            endpoint.Endpoint,
            problem is null,
            problem ?? $"{endpoint.Endpoint} serves {endpoint.Model}",
            endpoint.Recipe);
    }

    private ReadinessFinding CheckDisk(IReadOnlyList<ItemAssessment> assessments, IReadOnlySet<WorkItem> pending)
    {
        // A table's committed shards estimate its missing ones; a stale shard is about as big as the one it replaces.
        var known = assessments
            .SelectMany(a => a.Outputs.Where(o => o is not null).Select(o => (o!.Table, Bytes: o.Bytes + o.Files.Sum(f => f.Bytes))))
            .GroupBy(o => o.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Average(o => o.Bytes), StringComparer.Ordinal);
        long estimate = 0;
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assessment in assessments.Where(a => pending.Contains(a.Item)))
        {
            for (var i = 0; i < assessment.Item.Stage.Outputs.Count; i++)
            {
                var table = assessment.Item.Stage.Outputs[i];
                var old = i < assessment.Outputs.Count ? assessment.Outputs[i] : null;
                if (old is not null)
                {
                    estimate += old.Bytes + old.Files.Sum(f => f.Bytes);
                }
                else if (known.TryGetValue(table, out var mean))
                {
                    estimate += mean;
                }
                else
                {
                    unknown.Add(table);
                }
            }
        }

        var workspace = session.Config.Workspace;
        var free = FreeSpace(workspace);
        var unestimated = unknown.Count > 0 ? $"; not estimated, no shard committed yet: {string.Join(", ", unknown)}" : string.Empty;
        var message = $"the {pending.Count} work item(s) to run need about {ByteSize.Format(estimate)} (from committed shards{unestimated}) and {PipelineConfigLoader.DisplayPath(workspace)} has {ByteSize.Format(free)} free";
        return new ReadinessFinding("disk", [.. pending.Select(p => p.Stage.Name).Distinct()], string.Empty, PipelineConfigLoader.DisplayPath(workspace), estimate <= free, message, "docs/models.md#disk-space")
        {
            Bytes = estimate,
        };
    }

    private static string? Unreadable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirstLine(ex.Message);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 400 ? line[..400] : line;
    }
}
