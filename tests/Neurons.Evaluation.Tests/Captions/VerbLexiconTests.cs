using Neurons.Evaluation.Captions;

namespace Neurons.Evaluation.Tests.Captions;

public sealed class VerbLexiconTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("verblex").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    internal static VerbLexicon Small() => new(
        ["sit", "run", "walk", "swim", "fly", "stand", "wear", "collect", "build", "ride", "rest", "be", "have", "hold", "smile", "paint", "brown", "dance", "carry", "tie"],
        new Dictionary<string, string> { ["sitting"] = "sit", ["ran"] = "run", ["running"] = "run", ["swimming"] = "swim", ["flew"] = "fly", ["was"] = "be" });

    [Theory]
    [InlineData("sitting", "sit")]
    [InlineData("ran", "run")]
    [InlineData("walks", "walk")]
    [InlineData("flies", "fly")]
    [InlineData("rides", "ride")]
    [InlineData("danced", "dance")]
    [InlineData("collected", "collect")]
    [InlineData("smiling", "smile")]
    [InlineData("holding", "hold")]
    [InlineData("tables", null)]
    public void Lemmatize_FollowsExceptionsThenMorphyRules(string word, string? lemma)
    {
        // Given the small lexicon / When a word is lemmatised / Then verb.exc wins, then the first morphy rule that yields a lemma
        Assert.Equal(lemma, Small().Lemmatize(word));
    }

    [Fact]
    public void Load_WhenWordNetFiles_ReadsLemmasAndSkipsLicence()
    {
        // Given index.verb with licence lines and verb.exc in WordNet's format
        File.WriteAllLines(Path.Combine(dir, "index.verb"), [
            "  1 This software and database is being provided to you, the LICENSEE, by  ",
            "  2 Princeton University under the following license.",
            "run v 41 4 @ ~ * + 41 37 02075049 01926311",
            "sit v 10 4 @ ~ $ + 10 5 01984902 01543123",
            "sit_down v 2 2 @ ~ 2 1 01985029 01984902",
        ]);
        File.WriteAllLines(Path.Combine(dir, "verb.exc"), ["ran run", "sat sit", "were be"]);

        // When loaded
        var lexicon = VerbLexicon.Load(dir);

        // Then lemmas and exceptions are there
        Assert.Equal(3, lexicon.Count);
        Assert.True(lexicon.IsLemma("sit"));
        Assert.Equal("sit", lexicon.Lemmatize("sat"));
        Assert.Equal("run", lexicon.Lemmatize("runs"));
    }

    [Fact]
    public void Load_WhenFileMissing_NamesIt()
    {
        // Given an empty directory / When loaded / Then the missing file is named
        var ex = Assert.Throws<FileNotFoundException>(() => VerbLexicon.Load(dir));
        Assert.Contains("index.verb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenIndexLineMalformed_NamesFileAndLine()
    {
        // Given an index line that is not a verb entry
        File.WriteAllLines(Path.Combine(dir, "index.verb"), ["run n 1 1 @ 1 0 00000001"]);
        File.WriteAllLines(Path.Combine(dir, "verb.exc"), []);

        // When loaded / Then the error names file and line
        var ex = Assert.Throws<InvalidDataException>(() => VerbLexicon.Load(dir));
        Assert.Contains("index.verb:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BuiltInDirectory_ReadsTheVendoredWordNetVerbFiles()
    {
        // Given the copy of the repository's wordnet/ that the build puts next to the assembly
        var builtIn = VerbLexicon.BuiltInDirectory;

        // When loaded
        var lexicon = VerbLexicon.Load(builtIn);

        // Then it is WordNet 3.0's verb index (11,558 lines, 29 of them licence) with its irregular forms, and the licence travels with it
        Assert.Equal(11529, lexicon.Count);
        Assert.Equal("fly", lexicon.Lemmatize("flew"));
        Assert.Equal("run", lexicon.Lemmatize("running"));
        Assert.Equal("drive", lexicon.Lemmatize("driving"));
        Assert.True(File.Exists(Path.Combine(builtIn, "LICENSE")));
    }
}
