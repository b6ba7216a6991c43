using Microsoft.Extensions.Logging;

namespace Neurons.Engine.Stages;

/// <summary>What <see cref="IStage.SetupAsync"/> may read: the stage's effective parameters (the same for every work item of a run), its logger and the clock.</summary>
public sealed class StageSetupContext
{
    /// <summary>Initializes a new instance of the <see cref="StageSetupContext"/> class.</summary>
    /// <param name="stageName">The stage name.</param>
    /// <param name="parameters">The stage's effective, validated parameters.</param>
    /// <param name="logger">The stage's logger.</param>
    /// <param name="time">The clock.</param>
    public StageSetupContext(string stageName, StageParameters parameters, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(stageName);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        StageName = stageName;
        Parameters = parameters;
        Logger = logger;
        Time = time;
    }

    /// <summary>Gets the name of the stage being set up.</summary>
    public string StageName { get; }

    /// <summary>Gets the effective, validated parameters of the stage.</summary>
    public StageParameters Parameters { get; }

    /// <summary>Gets the logger of this stage.</summary>
    public ILogger Logger { get; }

    /// <summary>Gets the clock (tests use a fake).</summary>
    public TimeProvider Time { get; }

    /// <summary>Returns the setup context of the stage a work item runs (its parameters, logger and clock).</summary>
    public static StageSetupContext For(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new StageSetupContext(context.StageName, context.Parameters, context.Logger, context.Time);
    }

    /// <summary>Binds the parameters to the options record <typeparamref name="T"/>, checked as <see cref="StageContext.BindParameters{T}"/> does.</summary>
    /// <exception cref="Config.ConfigException">One line naming every broken rule.</exception>
    public T BindParameters<T>()
        where T : class => OptionsValidation.Bind<T>(Parameters, StageName);
}
