namespace Neurons.Model.Attribution;

/// <summary>The names of the sub-task maps, as written into CIFTI map names and tables.</summary>
public static class TaskNames
{
    /// <summary>Gets the name of every task in <see cref="TaskAttribution.Tasks"/> order: <c>concepts</c>, <c>masks</c>, <c>caption</c>, <c>blurry_video</c>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. TaskAttribution.Tasks.Select(Of)];

    /// <summary>Returns the name of a task.</summary>
    public static string Of(AttributionTask task) => task switch
    {
        AttributionTask.Concepts => "concepts",
        AttributionTask.Masks => "masks",
        AttributionTask.Caption => "caption",
        AttributionTask.BlurryVideo => "blurry_video",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown attribution task"),
    };
}
