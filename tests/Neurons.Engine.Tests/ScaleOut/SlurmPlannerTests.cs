using Neurons.Engine.Config;
using Neurons.Engine.ScaleOut;
using Neurons.Engine.Scheduling;

namespace Neurons.Engine.Tests.ScaleOut;

public sealed class SlurmPlannerTests
{
    // slice (shard) -> mask (global) -> fmri (shard) -> train (global, GPU) -> decode (shard, GPU); targets (shard) beside slice.
    private static readonly StageCatalog Catalog = StageCatalog.Create(
    [
        Definition("slice", StageScope.Shard, [], ["clips"]),
        Definition("targets", StageScope.Shard, ["clips"], ["targets"]),
        Definition("mask", StageScope.Global, ["clips"], ["masks"]),
        Definition("fmri", StageScope.Shard, ["clips", "masks"], ["fmri"]),
        Definition("train", StageScope.Global, ["fmri", "targets"], ["training"]),
        Definition("decode", StageScope.Shard, ["training", "clips"], ["decoded"]),
    ]);

    [Fact]
    public void Plan_OverAShardGlobalChain_GroupsShardStagesIntoArraysBetweenGlobalJobs()
    {
        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages, new SlurmOptions(), 2);

        Assert.Equal(
            [
                ("neurons-slice+targets", true, "0-1", "", false),
                ("neurons-mask", false, "", "0", false),
                ("neurons-fmri", true, "0-1", "0,1", false),
                ("neurons-train", false, "", "0,2", true),
                ("neurons-decode", true, "0-1", "0,3", true),
            ],
            plan.Jobs.Select(j => (j.Name, j.IsArray, SlurmPlanner.ArraySpec(j.Tasks), string.Join(',', j.DependsOn), j.UsesGpu)));
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WhenResumingAfterOneShardSetOfTheFirstArrayFailed_ResubmitsThatSetAndEverythingAfterIt()
    {
        // Given a workspace where only shard set 2/2 of slice is missing (so nothing after it was done either)
        bool IsDone(StageDefinition stage, ShardSet set) =>
            (stage.Name, set.Index) is ("slice", 1) or ("targets", 1) or ("targets", 2);

        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages, new SlurmOptions(), 2, IsDone);

        // Then the first array runs only index 1 (set 2/2), and the global job and later arrays run in full
        Assert.Equal(
            [("neurons-slice+targets", "1", ""), ("neurons-mask", "", "0"), ("neurons-fmri", "0-1", "0,1"), ("neurons-train", "", "0,2"), ("neurons-decode", "0-1", "0,3")],
            plan.Jobs.Select(j => (j.Name, SlurmPlanner.ArraySpec(j.Tasks), string.Join(',', j.DependsOn))));
    }

    [Fact]
    public void Plan_WhenResumingWithOnlyTheLastGlobalStageMissing_SubmitsItAloneWithoutDependencies()
    {
        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages.Where(s => s.Name != "decode").ToList(), new SlurmOptions(), 2, (stage, _) => stage.Name != "train");

        var job = Assert.Single(plan.Jobs);
        Assert.Equal(("neurons-train", 0), (job.Name, job.DependsOn.Count));
        Assert.Equal(["neurons-slice+targets", "neurons-mask", "neurons-fmri"], plan.Skipped);
    }

    [Fact]
    public void Plan_WhenAStageHasShardsInSomeSetsOnly_LeavesTheEmptySetsOutOfItsArray()
    {
        // Given 4 sets where decode (test shards only) has shards in sets 3 and 4 alone
        bool HasWork(StageDefinition stage, ShardSet set) => stage.Name != "decode" || set.Index >= 3;

        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages, new SlurmOptions(), 4, hasWork: HasWork);

        // Then the decode array asks for indices 2 and 3 only, the others for all four
        Assert.Equal(["0-3", "", "0-3", "", "2-3"], plan.Jobs.Select(j => SlurmPlanner.ArraySpec(j.Tasks)));
    }

    [Fact]
    public void ArraySpec_OfScatteredIndices_WritesRunsAsRanges()
    {
        Assert.Equal("0-2,4,6-7", SlurmPlanner.ArraySpec([0, 1, 2, 4, 6, 7]));
        Assert.Equal("3", SlurmPlanner.ArraySpec([3]));
    }

    [Fact]
    public void Render_OfAnArrayAndAGpuJob_AsksForGpusOnlyOnTheGpuJobAndShardsByTheTaskId()
    {
        var options = new SlurmOptions
        {
            Partition = "gpu",
            Account = "lab42",
            Time = "04:00:00",
            Memory = "16G",
            Cpus = 4,
            Gpus = "a100:1",
            MaxRunning = 3,
            Sbatch = ["--qos=high", "#SBATCH --constraint=ib"],
            Setup = ["module load dotnet/10", "export OLLAMA_HOST=http://gpu01:11434"],
        };
        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages, options, 4);
        var invocation = new SlurmInvocation("pipeline", "/shared/my project/pipeline.yaml", "full", "/shared/ws/.state/slurm/x");

        var array = SlurmScript.Render(plan.Jobs[0], plan, options, invocation);
        var train = SlurmScript.Render(plan.Jobs[3], plan, options, invocation);

        Assert.Equal(
            """
            #!/bin/bash
            #SBATCH --job-name=neurons-slice+targets
            #SBATCH --array=0-3%3
            #SBATCH --output=/shared/ws/.state/slurm/x/%x-%A_%a.out
            #SBATCH --partition=gpu
            #SBATCH --account=lab42
            #SBATCH --time=04:00:00
            #SBATCH --mem=16G
            #SBATCH --cpus-per-task=4
            #SBATCH --qos=high
            #SBATCH --constraint=ib

            # Written by `pipeline slurm`: task k of this array runs shard set k+1 of 4 for slice, targets.
            set -euo pipefail
            module load dotnet/10
            export OLLAMA_HOST=http://gpu01:11434
            cd '/shared/my project'
            pipeline run --config '/shared/my project/pipeline.yaml' --profile full --shard $((SLURM_ARRAY_TASK_ID+1))/4 --stage slice --stage targets

            """.ReplaceLineEndings("\n"),
            array);
        Assert.Contains("#SBATCH --gres=gpu:a100:1\n", train, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --output=/shared/ws/.state/slurm/x/%x-%j.out\n", train, StringComparison.Ordinal);
        Assert.EndsWith("pipeline run --config '/shared/my project/pipeline.yaml' --profile full --stage train\n", train, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderSubmit_ChainsJobsWithAfterokOnTheirDependencies()
    {
        var plan = SlurmPlanner.Plan(Catalog, Catalog.Stages.Take(4).ToList(), new SlurmOptions(), 2);

        var submit = SlurmScript.RenderSubmit(plan);

        Assert.Contains("job1=$(sbatch --parsable 01-neurons-slice+targets.sbatch)\n", submit, StringComparison.Ordinal);
        Assert.Contains("job2=$(sbatch --parsable --dependency=afterok:${job1%%;*} --kill-on-invalid-dep=yes 02-neurons-mask.sbatch)\n", submit, StringComparison.Ordinal);
        Assert.Contains("job3=$(sbatch --parsable --dependency=afterok:${job1%%;*}:${job2%%;*} --kill-on-invalid-dep=yes 03-neurons-fmri.sbatch)\n", submit, StringComparison.Ordinal);
    }

    private static StageDefinition Definition(string name, StageScope scope, string[] inputs, string[] outputs) => new()
    {
        Name = name,
        Version = "1",
        Description = name,
        Scope = scope,
        Inputs = inputs,
        Outputs = outputs,
        File = $"stages/{name}/stage.yaml",
    };
}
