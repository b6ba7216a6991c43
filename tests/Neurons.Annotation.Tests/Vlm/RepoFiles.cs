namespace Neurons.Annotation.Tests.Vlm;

/// <summary>Finds files of the repository the tests run from.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NeuronsPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
