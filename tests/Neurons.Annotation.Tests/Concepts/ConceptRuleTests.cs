using Neurons.Annotation.Concepts;
using Neurons.Annotation.Tests.WordNet;

namespace Neurons.Annotation.Tests.Concepts;

/// <summary>One test group per mapping rule of docs/concepts.md, each with names of the kind the rule is for.</summary>
public sealed class ConceptRuleTests
{
    private static ConceptMapper Mapper => SharedWordNet.Mapper;

    [Theory]
    [InlineData("kale", "kale.n.03", "vegetable|food")]      // 1 is money (an abstraction, and informal)
    [InlineData("canary", "canary.n.04", "animal")]         // 1 an informer, 2 a singer (untagged persons), 3 a colour (attribute)
    [InlineData("fawn", "fawn.n.02", "animal|mammal")]       // 1 is a colour
    [InlineData("table", "table.n.02", "furniture")]         // 1 is a table of data (also an override)
    public void Map_WhenFirstSenseIsAnAbstractionOrRare_FollowsThePhysicalSense(string name, string sense, string expected)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal([sense], mapped.Senses);
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
    }

    [Theory]
    [InlineData("crane", "crane.n.04", "device")]            // 1, 2 are the writers Crane, 3 the constellation Grus
    [InlineData("Crane", "crane.n.04", "device")]            // case does not make it a proper name: names compare case-insensitively
    [InlineData("jersey", "jersey.n.03", "clothing")]        // 1 New Jersey, 2 the island, 5 the cattle breed are capitalised
    public void Map_WhenEarlierSensesAreProperNames_FollowsTheCommonNoun(string name, string sense, string expected)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal([sense], mapped.Senses);
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
        Assert.Contains("proper name", mapped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("taco", "food")]                             // 1 is an ethnic slur
    [InlineData("shrimp", "food")]                           // 1 is "disparaging terms for small people"; 2 the prawn, seafood
    [InlineData("skunk", "animal|mammal")]                   // 1 is "a person deemed despicable or contemptible"
    [InlineData("tin can", "container")]                     // 1 is "informal term for a destroyer"
    public void Map_WhenASenseIsInformalOrAnInsult_NeverFollowsIt(string name, string expected)
    {
        Assert.Equal(expected.Split('|'), Names(Mapper.Map(name).ConceptIndices));
    }

    [Theory]
    [InlineData("printer", "device")]                        // untagged: the person who prints ranks after the machine
    [InlineData("calculator", "device")]
    [InlineData("ostrich", "animal")]
    [InlineData("comforter", "fabric")]                      // two untagged person senses, then the quilt
    public void Map_WhenAnUntaggedPersonSenseComesFirst_RanksItAfterTheObject(string name, string expected)
    {
        Assert.Equal(expected.Split('|'), Names(Mapper.Map(name).ConceptIndices));
    }

    [Theory]
    [InlineData("poster")]                                   // the tagged sense is a notice (communication); "post horse" is not what "poster" names
    [InlineData("qwzxv")]
    public void Map_WhenOnlyLooseSynonymSensesAreVisible_LeavesTheNameUnmapped(string name)
    {
        var mapped = Mapper.Map(name);
        Assert.False(mapped.IsMapped);
        Assert.Equal("none", mapped.Source);
    }

    [Theory]
    [InlineData("leopard", "leopard.n.02", "animal|mammal")] // 1 is the pelt
    [InlineData("skirt", "skirt.n.02", "clothing")]          // 1 is the cloth covering of a vehicle or machine
    [InlineData("maple", "maple.n.02", "plant")]             // 1 is the wood
    [InlineData("light", "light.n.02", "light source")]      // 1 is visible radiation
    public void Map_WhenFirstSenseReachesNoConcept_TakesTheNextSenseOfEqualStanding(string name, string sense, string expected)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal([sense], mapped.Senses);
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
        Assert.Contains("reaches no concept", mapped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hammer", "hammer.n.02", "tool")]            // 1 is the part of a gunlock (device)
    [InlineData("broccoli", "broccoli.n.02", "vegetable|food")] // 1 is the plant
    [InlineData("watermelon", "watermelon.n.02", "fruit|food")]
    public void Map_WhenALaterSenseIsMoreSpecific_TakesIt(string name, string sense, string expected)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal([sense], mapped.Senses);
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
        Assert.Contains("more specific", mapped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fishing-rod", "fishing_rod", "sports equipment")]   // hyphen as a space
    [InlineData("tennis-court", "tennis_court", "sports field")]
    [InlineData("steeringwheel", "steering_wheel", "device")]        // run-together, against the lemma list
    [InlineData("tshirt", "t-shirt", "clothing")]                     // WordNet writes it with a hyphen
    [InlineData("trafficlights", "traffic_light", "light source")]    // run-together and plural
    [InlineData("tooth brush", "toothbrush", "tool|accessory")]       // spaced, WordNet writes it as one word (a brush and a toiletry)
    [InlineData("bathroomsink", "sink", "structure")]                 // no such lemma: split, head noun
    [InlineData("big red sports car", "sports_car", "vehicle")]       // WordNet lacks the whole name: its tail
    public void Map_Compounds_FindsTheLemmaOrTheHeadNoun(string name, string lemma, string expected)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal(lemma, mapped.Lemma);
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
    }

    [Theory]
    [InlineData("landscape features", "landscape feature")]
    [InlineData("weather phenomena", "weather phenomenon")]
    [InlineData("water bodies", "water body")]
    [InlineData("kitchen items", "kitchen item")]
    [InlineData("light sources", "light source")]
    [InlineData("sports fields", "sports field")]
    [InlineData("furniture accessories", "furniture accessory")]
    [InlineData("rocks/minerals", "rock/mineral")]
    [InlineData("Flying Vehicles", "flying vehicle")]
    public void Map_PluralOfMultiWordConceptName_MapsToThatConcept(string name, string concept)
    {
        var mapped = Mapper.Map(name);
        Assert.Equal([concept], Names(mapped.ConceptIndices));
        Assert.Equal(MappingRule.ConceptName, mapped.Rule);
    }

    [Theory]
    [InlineData("wall", "structure")]
    [InlineData("floor", "structure")]
    [InlineData("ceiling", "structure")]
    [InlineData("roof", "structure")]
    [InlineData("staircase", "structure")]
    [InlineData("doorway", "structure")]
    [InlineData("hallway", "structure")]
    [InlineData("column", "structure")]
    [InlineData("countertop", "furniture")]
    [InlineData("sink", "structure")]
    [InlineData("chandelier", "light source")]
    [InlineData("table lamp", "light source")]
    [InlineData("lamppost", "light source")]
    [InlineData("basketball court", "sports field")]
    [InlineData("swimming pool", "sports field")]
    [InlineData("cannon", "weapon")]
    [InlineData("broom", "tool")]
    [InlineData("tiara", "jewelry")]
    [InlineData("tablecloth", "fabric")]
    [InlineData("newspaper", "stationery")]
    public void Map_SceneObjectsOfTheNewAnchors_ReachTheirConcept(string name, string expected)
    {
        Assert.Equal(expected.Split('|'), Names(Mapper.Map(name).ConceptIndices));
    }

    [Fact]
    public void MapClip_WhenCaptionWordsMatchALaterGloss_FollowsThatSense()
    {
        // Given "bat" (first sense the animal, tagged) in a clip whose caption speaks of hitting a ball
        var alone = Mapper.Map("bat");
        var clip = Mapper.MapClip(["boy", "bat"], "a boy swings a bat at a ball");

        // Then alone it is the animal; in context the club used for hitting a ball, and the reason says why
        Assert.Equal(["animal", "mammal"], Names(alone.ConceptIndices));
        Assert.Equal(["sports equipment"], Names(clip.Objects[1].ConceptIndices));
        Assert.Equal(["bat.n.05"], clip.Objects[1].Senses);
        Assert.Contains("caption words ball", clip.Objects[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MapClip_WhenOtherObjectsAgreeWithALaterSenseOfAnUntaggedName_FollowsIt()
    {
        // Given "crane" (no sense tagged: the machine ranks first) among birds
        var clip = Mapper.MapClip(["duck", "crane"]);

        // Then the bird sense agrees with the other objects and is taken
        Assert.Equal(["crane.n.05"], clip.Objects[1].Senses);
        Assert.Equal(["animal"], Names(clip.Objects[1].ConceptIndices));
        Assert.Contains("other objects are animal", clip.Objects[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MapClip_WhenOnlyOtherObjectsAgree_KeepsATaggedFirstSense()
    {
        // Given "man" beside a dog and a ball (a chessman would agree with the ball's concept)
        var clip = Mapper.MapClip(["man", "dog", "ball"]);

        // Then the tagged first sense stands
        Assert.Equal(["human"], Names(clip.Objects[0].ConceptIndices));
    }

    [Fact]
    public void Explain_ShowsEverySenseConsideredThePathAndTheConcepts()
    {
        // Given "kale"
        var explanation = Mapper.Explain("Kale");

        // Then the three senses are listed with what held them back, the third chosen, and the path to the anchor
        Assert.Equal(["boodle.n.01", "kale.n.02", "kale.n.03"], explanation.Senses.Select(s => s.Sense));
        Assert.Equal(["abstraction", "informal"], explanation.Senses[0].Notes);
        Assert.Equal([false, false, true], explanation.Senses.Select(s => s.Chosen));
        Assert.Equal(["vegetable", "food"], explanation.Concepts);
        Assert.Contains("kale.n.03 > cabbage.n.01 > cruciferous_vegetable.n.01 > vegetable.n.01 [vegetable]", explanation.Paths);
        var json = ConceptExplanationFormat.ToJson(explanation);
        Assert.Equal("Kale", json["name"]!.GetValue<string>());
        Assert.Equal(["vegetable", "food"], json["concepts"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.StartsWith("Kale -> vegetable, food  [wordnet]\n", ConceptExplanationFormat.ToText(explanation), StringComparison.Ordinal);
    }

    private static List<string> Names(IEnumerable<int> indices) =>
        indices.Select(i => SharedWordNet.Catalog.Concepts[i].Name).ToList();
}
