using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class VlmAnnotationProviderTests : IDisposable
{
    private static readonly VlmGenerationOptions Generation = new() { Seed = 7 };
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Annotate_WhenRepliesValid_ReturnsCaptionAndNormalisedObjects(string kind)
    {
        // Given a healthy server
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server, kind);
        using var cache = OpenCache();
        var provider = Provider(gateway, cache);
        var clip = ClipFixtures.Make(1)[0];

        // When the key frame is annotated
        var outcome = await provider.AnnotateAsync(clip, 2, CancellationToken.None);

        // Then the caption and lower-cased objects come back after one request per prompt
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("a dog running on a road", outcome.Caption);
        Assert.Equal(["dog", "road"], outcome.Objects);
        Assert.Equal(2, outcome.Requests);
        Assert.Equal(0, outcome.CacheHits);
        Assert.Equal(kind, provider.Kind);
        Assert.Equal(PromptTemplate.CombineHashes([TestPrompts.Caption.Hash, TestPrompts.Objects.Hash]), provider.PromptHash);
    }

    [Fact]
    public async Task Annotate_WhenObjectReplyViolatesSchema_AsksAgainWithTheNextSeed()
    {
        // Given a server whose first object reply is a string instead of a list
        var objectAttempts = 0;
        using var server = new LoopbackVlmServer(r =>
            !r.IsCaption && Interlocked.Increment(ref objectAttempts) == 1
                ? new ServerAction.Reply("""{"objects":"dog"}""")
                : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();

        // When a frame is annotated with seed 7
        var outcome = await Provider(gateway, cache).AnnotateAsync(ClipFixtures.Make(1)[0], 2, CancellationToken.None);

        // Then the object prompt is asked twice, the second time with seed 8, and the row succeeds
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(3, outcome.Requests);
        Assert.Equal([7, 7, 8], server.Requests.Select(r => r.Seed));
    }

    [Fact]
    public async Task Annotate_WhenRepliesStayInvalid_FailsWithTheReasonAfterReplyAttempts()
    {
        // Given a server that answers the object prompt with prose every time
        using var server = new LoopbackVlmServer(r => r.IsCaption ? LoopbackVlmServer.Healthy(r) : new ServerAction.Reply("Objs: [dog, road]"));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();

        // When a frame is annotated
        var outcome = await Provider(gateway, cache).AnnotateAsync(ClipFixtures.Make(1)[0], 2, CancellationToken.None);

        // Then it fails after 3 object attempts, saying why, and nothing invalid is cached
        Assert.False(outcome.Succeeded);
        Assert.StartsWith("objects: reply invalid after 3 attempts: not JSON", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("\"Objs: [dog, road]\"", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(4, outcome.Requests);
        Assert.Equal(1, cache.GetStatistics().Entries);
    }

    [Fact]
    public async Task Annotate_WhenServerAnswersWithFencedJson_AcceptsIt()
    {
        // Given a server that wraps its JSON in a markdown code fence
        using var server = new LoopbackVlmServer(r => new ServerAction.Reply("```json\n" + LoopbackVlmServer.CorrectReply(r) + "\n```"));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();

        // When a frame is annotated
        var outcome = await Provider(gateway, cache).AnnotateAsync(ClipFixtures.Make(1)[0], 2, CancellationToken.None);

        // Then the fenced JSON is read
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(2, outcome.Requests);
    }

    [Fact]
    public async Task Annotate_OnRerunWithTheSameCacheFile_SendsNoRequest()
    {
        // Given three clips annotated once against a server
        var clips = ClipFixtures.Make(3);
        using (var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy))
        using (var gateway = TestGateways.Create(server))
        using (var cache = OpenCache())
        {
            foreach (var clip in clips)
            {
                Assert.True((await Provider(gateway, cache).AnnotateAsync(clip, 2, CancellationToken.None)).Succeeded);
            }

            Assert.Equal(6, server.Requests.Count);
        }

        // When they are annotated again by a new process (new server, gateway and cache connection)
        using var rerunServer = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var rerunGateway = TestGateways.Create(rerunServer);
        using var reopened = OpenCache();
        var outcomes = new List<AnnotationOutcome>();
        foreach (var clip in clips)
        {
            outcomes.Add(await Provider(rerunGateway, reopened).AnnotateAsync(clip, 2, CancellationToken.None));
        }

        // Then every answer comes from the cache and the server receives nothing
        Assert.Empty(rerunServer.Requests);
        Assert.All(outcomes, o => Assert.Equal(("a dog running on a road", 0, 2), (o.Caption, o.Requests, o.CacheHits)));
        Assert.Equal(6, reopened.GetStatistics().Hits);
    }

    [Fact]
    public async Task Annotate_WhenCaptionPromptOrFrameOrSeedChanges_AsksOnlyForWhatChanged()
    {
        // Given a frame annotated once
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();
        var clip = ClipFixtures.Make(1)[0];
        await Provider(gateway, cache).AnnotateAsync(clip, 2, CancellationToken.None);

        // When the caption prompt's user text changes, then another frame is asked, then another seed
        var edited = PromptTemplate.Create("caption", TestPrompts.Caption.System, TestPrompts.Caption.User + " Be concise.", TestPrompts.Caption.SchemaJson);
        var changedPrompt = await new VlmAnnotationProvider(gateway, edited, TestPrompts.Objects, Generation, cache, NullLogger.Instance)
            .AnnotateAsync(clip, 2, CancellationToken.None);
        var otherFrame = await Provider(gateway, cache).AnnotateAsync(clip, 3, CancellationToken.None);
        var otherSeed = await new VlmAnnotationProvider(gateway, TestPrompts.Caption, TestPrompts.Objects, Generation with { Seed = 8 }, cache, NullLogger.Instance)
            .AnnotateAsync(clip, 2, CancellationToken.None);

        // Then only the changed caption is asked (objects hit the cache), a new frame asks both, a new seed asks both
        Assert.Equal((1, 1), (changedPrompt.Requests, changedPrompt.CacheHits));
        Assert.Equal((2, 0), (otherFrame.Requests, otherFrame.CacheHits));
        Assert.Equal((2, 0), (otherSeed.Requests, otherSeed.CacheHits));
    }

    [Fact]
    public async Task Annotate_WhenTheModelIsUnknown_ThrowsForTheStageInsteadOfFailingRows()
    {
        // Given a server that answers 404 (model not pulled), with retries allowed
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(404));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();
        var provider = Provider(gateway, cache);
        var clips = ClipFixtures.Make(2);

        // When two clips are annotated one after another
        var first = await Assert.ThrowsAsync<VlmEndpointException>(() => provider.AnnotateAsync(clips[0], 2, CancellationToken.None));
        var second = await Assert.ThrowsAsync<VlmEndpointException>(() => provider.AnnotateAsync(clips[1], 2, CancellationToken.None));

        // Then both throw the endpoint's one-line cause (no failed row), after a single request that was not retried
        Assert.Contains("does not serve model 'qwen2.5vl:7b'", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Annotate_WhenAFrameIsMissing_FailsWithoutARequest()
    {
        // Given a clip with five frames instead of six
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();
        var clip = ClipFixtures.Make(1)[0];
        clip.Frames = clip.Frames[..^1];

        // When it is annotated
        var outcome = await Provider(gateway, cache).AnnotateAsync(clip, 2, CancellationToken.None);

        // Then the row fails naming the expected and actual frame counts, and nothing is sent
        Assert.Equal("frames: expected 6 frames of 16×16×3, got 5", outcome.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Constructor_WhenObjectSchemaDoesNotRequireObjects_Refuses()
    {
        // Given an object prompt whose schema asks for "items"
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();
        var wrong = PromptTemplate.Create("objects", "S", "U", """{"type":"object","properties":{"items":{"type":"array"}},"required":["items"]}""");

        // When a provider is built with it
        var error = Assert.Throws<InvalidDataException>(() => new VlmAnnotationProvider(gateway, TestPrompts.Caption, wrong, Generation, cache, NullLogger.Instance));

        // Then it says which property the schema must require
        Assert.Equal("prompt 'objects': its schema must require a property 'objects' of type array", error.Message);
    }

    private static VlmAnnotationProvider Provider(VlmGateway gateway, VlmReplyCache cache) =>
        new(gateway, TestPrompts.Caption, TestPrompts.Objects, Generation, cache, NullLogger.Instance);

    private VlmReplyCache OpenCache() => VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);
}
