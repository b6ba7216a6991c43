using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Concepts;
using Neurons.Annotation.Tests.Vlm;
using Neurons.Annotation.Tests.WordNet;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Concepts;

public sealed class VlmConceptFallbackTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Resolve_WhenReplyNamesListedConcepts_ReturnsTheirIndicesFromATextOnlyRequest(string kind)
    {
        // Given a server that answers "animal" for the name "blorf" and nothing for "zzk"
        using var server = new LoopbackVlmServer(r => new ServerAction.Reply(
            r.UserText.Contains("blorf", StringComparison.Ordinal) ? """{"concepts":["animal","mammal"]}""" : """{"concepts":[]}"""));
        using var gateway = TestGateways.Create(server, kind);
        using var cache = OpenCache();

        // When both names are resolved
        var result = await Fallback(gateway, cache).ResolveAsync(["Blorf", "zzk", "blorf"], CancellationToken.None);

        // Then each distinct name was asked once, without an image, under the catalog's enum schema
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.False(r.HasImage));
        Assert.All(server.Requests, r => Assert.Equal(51, r.Schema.GetProperty("properties").GetProperty("concepts").GetProperty("items").GetProperty("enum").GetArrayLength()));
        Assert.Contains(server.Requests, r => r.UserText == "Object name: blorf");

        // And "blorf" maps to animal (0) and mammal (22); the empty answer counts as answered but gives nothing
        Assert.Equal([0, 22], result.Concepts["blorf"]);
        Assert.False(result.Concepts.ContainsKey("zzk"));
        Assert.Equal((2, 2, 0, 0, 2, 0), (result.Names, result.Answered, result.Refused, result.Failed, result.Requests, result.CacheHits));
    }

    [Fact]
    public async Task Resolve_WhenReplyNamesSomethingElse_RefusesCountsAndAsksAgainWithTheNextSeed()
    {
        // Given a server whose first reply names a category outside the 51 ("gadget")
        var calls = 0;
        using var server = new LoopbackVlmServer(_ => new ServerAction.Reply(
            Interlocked.Increment(ref calls) == 1 ? """{"concepts":["gadget"]}""" : """{"concepts":["device"]}"""));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();

        // When one name is resolved
        var result = await Fallback(gateway, cache).ResolveAsync(["doohickey"], CancellationToken.None);

        // Then the first reply is refused and counted, the second (seed + 1) accepted
        Assert.Equal([1, 2], server.Requests.Select(r => r.Seed));
        Assert.Equal(1, result.Refused);
        Assert.Equal([SharedWordNet.Catalog.Get("device").Index], result.Concepts["doohickey"]);
    }

    [Fact]
    public async Task Resolve_WhenEveryReplyIsRefused_FailsTheNameAndCachesNothing()
    {
        // Given a server that always answers with prose
        using var server = new LoopbackVlmServer(_ => new ServerAction.Reply("It is an animal."));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();

        // When one name is resolved
        var result = await Fallback(gateway, cache).ResolveAsync(["blorf"], CancellationToken.None);

        // Then all three attempts are refused, the name fails and the cache stays empty
        Assert.Equal((3, 1, 0), (result.Refused, result.Failed, result.Answered));
        Assert.Empty(result.Concepts);
        Assert.Equal(0, cache.GetStatistics().Entries);
    }

    [Fact]
    public async Task Resolve_WhenAskedAgain_AnswersFromTheCacheWithoutARequest()
    {
        // Given a name resolved once
        using var server = new LoopbackVlmServer(_ => new ServerAction.Reply("""{"concepts":["toy"]}"""));
        using var gateway = TestGateways.Create(server);
        using var cache = OpenCache();
        await Fallback(gateway, cache).ResolveAsync(["fidget spinner"], CancellationToken.None);

        // When it is resolved a second time
        var again = await Fallback(gateway, cache).ResolveAsync(["Fidget Spinner"], CancellationToken.None);

        // Then the cache answers: still one request in all
        Assert.Single(server.Requests);
        Assert.Equal((1, 0), (again.CacheHits, again.Requests));
        Assert.Equal([SharedWordNet.Catalog.Get("toy").Index], again.Concepts["fidget spinner"]);
    }

    [Fact]
    public void MapClip_WithFallbackAnswers_MarksOnlyUnmappedNamesAsVlm()
    {
        // Given fallback answers for a name WordNet lacks and for one it places
        var toy = SharedWordNet.Catalog.Get("toy").Index;
        var fallback = new Dictionary<string, IReadOnlyList<int>> { ["qwzxv"] = [toy], ["dog"] = [toy] };

        // When a clip is mapped with them
        var clip = SharedWordNet.Mapper.MapClip(["dog", "Qwzxv"], null, fallback);

        // Then WordNet's own answer stands for dog; the unplaced name takes the VLM's, marked vlm
        Assert.Equal("wordnet", clip.Objects[0].Source);
        Assert.Equal("vlm", clip.Objects[1].Source);
        Assert.Equal([toy], clip.Objects[1].ConceptIndices);
        Assert.Empty(clip.Unmapped);
    }

    [Fact]
    public void BuildSchema_ListsExactlyTheCatalogsConceptNames()
    {
        // Given the catalog's schema
        using var schema = JsonDocument.Parse(VlmConceptFallback.BuildSchema(SharedWordNet.Catalog));

        // Then its enum is the 51 names in classifier order and the object allows nothing else
        var names = schema.RootElement.GetProperty("properties").GetProperty("concepts").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(SharedWordNet.Catalog.Concepts.Select(c => c.Name), names);
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    private VlmReplyCache OpenCache() => VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);

    private static VlmConceptFallback Fallback(VlmGateway gateway, VlmReplyCache cache) =>
        new(gateway, VlmConceptFallback.LoadPrompt(string.Empty, SharedWordNet.Catalog), SharedWordNet.Catalog, new VlmGenerationOptions(), cache, NullLogger.Instance);
}
