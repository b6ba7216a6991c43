namespace Neurons.Stages.KeyObject;

/// <summary>The parameters of the <c>keyobject</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record KeyObjectOptions
{
    /// <summary>Gets the rules to apply.</summary>
    /// <value><c>reference</c> or <c>paper</c>; default <c>reference</c>.</value>
    public string Mode { get; init; } = "reference";

    /// <summary>Gets how many categories are listed in <c>top_objects</c>.</summary>
    /// <value>1.</value>
    public int TopK { get; init; } = 1;

    /// <summary>Gets the factor on priority categories' displacement.</summary>
    /// <value>2.</value>
    public double PriorityWeight { get; init; } = 2.0;

    /// <summary>Gets the area fraction a candidate must stay under.</summary>
    /// <value>0.5.</value>
    public double MaxArea { get; init; } = 0.5;

    /// <summary>Gets the category lists file (absolute once resolved by the engine).</summary>
    /// <value><c>categories.yaml</c> beside <c>stage.yaml</c>; empty = the built-in copy.</value>
    public string CategoriesFile { get; init; } = "categories.yaml";
}
