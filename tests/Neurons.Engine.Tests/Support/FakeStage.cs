using System.Text;
using Neurons.Engine.Stages;

namespace Neurons.Engine.Tests.Support;

/// <summary>
/// A stage that writes, for each output, a text naming its shard, its parameters and its inputs' bytes,
/// so downstream content depends on upstream content. Hooks let tests block, fail or count runs, setups and teardowns.
/// </summary>
public sealed class FakeStage : IStage
{
    private int runs;
    private int setups;
    private int teardowns;

    public FakeStage(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public int Runs => runs;

    public List<string> RanShards { get; } = [];

    public int Setups => setups;

    public int Teardowns => teardowns;

    /// <summary>Gets what happened to the stage, in order: <c>setup</c>, <c>run:&lt;shard&gt;</c>, <c>teardown</c>.</summary>
    public List<string> Events { get; } = [];

    public Func<StageContext, CancellationToken, Task>? Before { get; set; }

    public Func<StageSetupContext, Task>? OnSetup { get; set; }

    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref setups);
        lock (Events)
        {
            Events.Add("setup");
        }

        return OnSetup?.Invoke(context) ?? Task.CompletedTask;
    }

    public void Teardown()
    {
        Interlocked.Increment(ref teardowns);
        lock (Events)
        {
            Events.Add("teardown");
        }
    }

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref runs);
        lock (RanShards)
        {
            RanShards.Add(context.Shard.Name);
        }

        lock (Events)
        {
            Events.Add("run:" + context.Shard.Name);
        }

        if (Before is not null)
        {
            await Before(context, cancellationToken);
        }

        var text = new StringBuilder($"{Name}:{context.Shard.Name}:{context.Parameters.ToJson().ToJsonString()}");
        foreach (var input in context.InputTables.SelectMany(context.Input))
        {
            text.Append('|').Append(await File.ReadAllTextAsync(input.Path, cancellationToken));
        }

        foreach (var source in context.SourceFiles)
        {
            text.Append("|src:").Append(await File.ReadAllTextAsync(source, cancellationToken));
        }

        foreach (var table in context.OutputTables)
        {
            var output = context.Output(table);
            await File.WriteAllTextAsync(output.Path, text.ToString(), cancellationToken);
            output.Rows = 1;
        }
    }
}
