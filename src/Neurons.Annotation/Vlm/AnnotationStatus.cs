namespace Neurons.Annotation.Vlm;

/// <summary>The values of the <c>status</c> column of the <c>annotations</c> table.</summary>
public static class AnnotationStatus
{
    /// <summary>The row carries a caption and objects.</summary>
    public const string Ok = "ok";

    /// <summary>The row carries the reason in <c>error</c>; it is asked again on the next run.</summary>
    public const string Failed = "failed";
}
