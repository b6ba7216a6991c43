using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

/// <summary>The repository's real prompts.</summary>
public static class TestPrompts
{
    public static PromptTemplate Caption { get; } = PromptTemplate.Load(RepoFiles.Path("prompts/caption.yaml"), RepoFiles.Path("prompts/caption.schema.json"));

    public static PromptTemplate Objects { get; } = PromptTemplate.Load(RepoFiles.Path("prompts/objects.yaml"), RepoFiles.Path("prompts/objects.schema.json"));
}
