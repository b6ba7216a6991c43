using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class ImportAnnotationProviderTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Annotate_MapsReleaseEntryByIdxToSplitIndex()
    {
        // Given a release file with the NEURONS examples and clips at split positions 0 and 3
        var file = Write("""
            [{"idx":0,"caption":"two women standing near a damaged car","tags":["woman","car"]},
             {"idx":3,"caption":"a baby crawling on the floor","tags":["Baby","floor","baby"]}]
            """);
        var provider = await ImportAnnotationProvider.LoadAsync(file, "train", NullLogger.Instance, CancellationToken.None);
        var clips = ClipFixtures.Make(4);

        // When clips 0 and 3 are annotated (any frame)
        var zero = await provider.AnnotateAsync(clips[0], 2, CancellationToken.None);
        var three = await provider.AnnotateAsync(clips[3], 5, CancellationToken.None);

        // Then they carry their entries' captions and normalised tags, with no request, model "import"
        // and a prompt hash naming the file's content
        Assert.Equal("two women standing near a damaged car", zero.Caption);
        Assert.Equal(["woman", "car"], zero.Objects);
        Assert.Equal("a baby crawling on the floor", three.Caption);
        Assert.Equal(["baby", "floor"], three.Objects);
        Assert.Equal((0, 0), (zero.Requests, zero.CacheHits));
        Assert.Equal(("import", "import"), (provider.Kind, provider.Model));
        Assert.Matches("^import:[0-9a-f]{64}$", provider.PromptHash);
        Assert.Equal(2, provider.Count);
    }

    [Fact]
    public async Task Annotate_WhenNoEntryForTheClip_FailsNamingFileAndIdx()
    {
        // Given a file without idx 1
        var file = Write("""[{"idx":0,"caption":"a dog","tags":["dog"]}]""");
        var provider = await ImportAnnotationProvider.LoadAsync(file, "train", NullLogger.Instance, CancellationToken.None);

        // When clip 1 is annotated
        var outcome = await provider.AnnotateAsync(ClipFixtures.Make(2)[1], 2, CancellationToken.None);

        // Then it fails saying which idx is missing from which file
        Assert.Equal($"import: {file} has no entry with idx 1", outcome.Error);
    }

    [Fact]
    public async Task Annotate_WhenClipIsOfAnotherSplit_Fails()
    {
        // Given a train file and a test clip
        var provider = await ImportAnnotationProvider.LoadAsync(Write("""[{"idx":0,"caption":"a dog","tags":["dog"]}]"""), "train", NullLogger.Instance, CancellationToken.None);
        var clip = ClipFixtures.Make(1, segment: "test1", split: "test")[0];

        // When it is annotated
        var outcome = await provider.AnnotateAsync(clip, 2, CancellationToken.None);

        // Then it fails rather than take the train entry with the same idx
        Assert.StartsWith("import: clip is in split 'test'", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"idx":0,"caption":"a"},{"idx":0,"caption":"b"}]""", "entry 1: idx 0 appears twice")]
    [InlineData("""[{"caption":"a"}]""", "entry 0: missing or negative \"idx\"")]
    [InlineData("""{"idx":0}""", "not a JSON array of {\"idx\",\"caption\",\"tags\"} entries")]
    public async Task Load_WhenFileIsMalformed_ThrowsNamingTheFile(string json, string expected)
    {
        // Given a malformed release file
        var file = Write(json);

        // When it is loaded
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAnnotationProvider.LoadAsync(file, "train", NullLogger.Instance, CancellationToken.None));

        // Then the message names the file and the problem
        Assert.StartsWith($"{file}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenFileMissing_ThrowsNamingTheFile()
    {
        // Given a path with no file
        var file = temp.File("absent.json");

        // When it is loaded
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAnnotationProvider.LoadAsync(file, "train", NullLogger.Instance, CancellationToken.None));

        // Then the message names it
        Assert.StartsWith($"{file}: cannot read the annotations to import", error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = temp.File($"qwen_{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
