using Neurons.Annotation.Concepts;
using Neurons.Annotation.Tests.WordNet;

namespace Neurons.Annotation.Tests.Concepts;

public sealed class ConceptMapperTests
{
    private static ConceptMapper Mapper => SharedWordNet.Mapper;

    // 166 object names of the kind a VLM lists for movie frames: people, animals, vehicles,
    // food, furniture, devices, clothing, landscape, buildings; plurals and multi-word names.
    [Theory]
    [InlineData("man", "human")]
    [InlineData("woman", "human")]
    [InlineData("boy", "human")]
    [InlineData("girl", "human")]
    [InlineData("baby", "human")]
    [InlineData("child", "human")]
    [InlineData("person", "human")]
    [InlineData("people", "human")]
    [InlineData("crowd", "human")]
    [InlineData("men", "human")]
    [InlineData("women", "human")]
    [InlineData("children", "human")]
    [InlineData("police officer", "human")]
    [InlineData("dog", "animal|mammal")]
    [InlineData("cat", "animal|mammal")]
    [InlineData("horse", "animal|mammal")]
    [InlineData("bird", "animal")]
    [InlineData("eagle", "animal")]
    [InlineData("duck", "animal")]
    [InlineData("chicken", "animal")]
    [InlineData("fish", "fish")]
    [InlineData("shark", "animal|fish")]
    [InlineData("whale", "animal|mammal")]
    [InlineData("dolphin", "animal|mammal")]
    [InlineData("tiger", "animal|mammal")]
    [InlineData("snake", "animal|reptile")]
    [InlineData("turtle", "animal|reptile")]
    [InlineData("bee", "animal|insect")]
    [InlineData("butterfly", "animal|insect")]
    [InlineData("geese", "animal")]
    [InlineData("labrador retriever", "animal|mammal")]
    [InlineData("puppy", "animal|mammal")]
    [InlineData("kitten", "animal|mammal")]
    [InlineData("car", "vehicle")]
    [InlineData("bus", "vehicle")]
    [InlineData("buses", "vehicle")]
    [InlineData("truck", "vehicle")]
    [InlineData("bicycle", "vehicle")]
    [InlineData("boat", "vehicle")]
    [InlineData("ship", "vehicle")]
    [InlineData("airplane", "vehicle|flying vehicle")]
    [InlineData("helicopter", "vehicle|flying vehicle")]
    [InlineData("train", "vehicle")]
    [InlineData("police car", "vehicle")]
    [InlineData("red car", "vehicle")]
    [InlineData("big red sports car", "vehicle")]
    [InlineData("apple", "fruit|food")]
    [InlineData("banana", "fruit|food")]
    [InlineData("orange", "fruit|food")]
    [InlineData("pizza", "food")]
    [InlineData("bread", "food")]
    [InlineData("cake", "food")]
    [InlineData("egg", "food")]
    [InlineData("tomato", "vegetable|food")]
    [InlineData("carrot", "vegetable|food")]
    [InlineData("coffee", "drink")]
    [InlineData("wine", "drink")]
    [InlineData("juice", "drink")]
    [InlineData("hot dog", "food")]
    [InlineData("chair", "furniture")]
    [InlineData("table", "furniture")]
    [InlineData("sofa", "furniture")]
    [InlineData("bed", "furniture")]
    [InlineData("desk", "furniture")]
    [InlineData("shelf", "furniture")]
    [InlineData("pillow", "furniture accessory")]
    [InlineData("curtain", "furniture accessory")]
    [InlineData("rug", "furniture accessory")]
    [InlineData("cup", "kitchen item")]
    [InlineData("plate", "kitchen item")]
    [InlineData("fork", "kitchen item")]
    [InlineData("pot", "kitchen item")]
    [InlineData("glass", "kitchen item")]
    [InlineData("oven", "appliance|kitchen appliance")]
    [InlineData("refrigerator", "appliance|kitchen appliance")]
    [InlineData("microwave", "appliance|kitchen appliance")]
    [InlineData("phone", "device")]
    [InlineData("laptop", "device")]
    [InlineData("camera", "device")]
    [InlineData("tv", "device")]
    [InlineData("traffic light", "light source")]
    [InlineData("lamp", "light source")]
    [InlineData("candle", "light source")]
    [InlineData("clock", "timekeeping device")]
    [InlineData("watch", "timekeeping device")]
    [InlineData("guitar", "musical instrument")]
    [InlineData("piano", "musical instrument")]
    [InlineData("gun", "weapon")]
    [InlineData("sword", "weapon")]
    [InlineData("shield", "weaponry accessory")]
    [InlineData("shirt", "clothing")]
    [InlineData("dress", "clothing")]
    [InlineData("hat", "clothing")]
    [InlineData("shoe", "clothing")]
    [InlineData("shoes", "clothing")]
    [InlineData("glove", "clothing")]
    [InlineData("jeans", "clothing")]
    [InlineData("pants", "clothing")]
    [InlineData("glasses", "accessory")]
    [InlineData("sunglasses", "accessory")]
    [InlineData("handbag", "accessory")]
    [InlineData("necklace", "jewelry")]
    [InlineData("ring", "jewelry")]
    [InlineData("tree", "plant")]
    [InlineData("flower", "plant")]
    [InlineData("grass", "plant")]
    [InlineData("leaf", "plant")]
    [InlineData("leaves", "plant")]
    [InlineData("mountain", "landscape feature")]
    [InlineData("beach", "landscape feature")]
    [InlineData("field", "landscape feature")]
    [InlineData("forest", "landscape feature")]
    [InlineData("desert", "landscape feature")]
    [InlineData("island", "landscape feature")]
    [InlineData("ocean", "water body")]
    [InlineData("river", "water body")]
    [InlineData("lake", "water body")]
    [InlineData("water", "water body")]
    [InlineData("wave", "water body")]
    [InlineData("sky", "climate/atmosphere component")]
    [InlineData("smoke", "climate/atmosphere component")]
    [InlineData("cloud", "weather phenomenon")]
    [InlineData("rain", "weather phenomenon")]
    [InlineData("snow", "weather phenomenon")]
    [InlineData("sun", "light source|climate/atmosphere component")]
    [InlineData("rock", "rock/mineral")]
    [InlineData("sand", "soil/substrate")]
    [InlineData("ground", "soil/substrate")]
    [InlineData("mud", "soil/substrate")]
    [InlineData("road", "roadway")]
    [InlineData("street", "roadway")]
    [InlineData("sidewalk", "roadway")]
    [InlineData("trail", "roadway")]
    [InlineData("house", "building")]
    [InlineData("church", "building")]
    [InlineData("skyscraper", "building")]
    [InlineData("bridge", "structure")]
    [InlineData("tower", "structure")]
    [InlineData("fence", "structure")]
    [InlineData("eiffel tower", "structure")]
    [InlineData("ball", "sports equipment")]
    [InlineData("surfboard", "sports equipment")]
    [InlineData("skateboard", "vehicle|sports equipment")]
    [InlineData("stadium", "sports field")]
    [InlineData("tennis court", "sports field")]
    [InlineData("hand", "body part")]
    [InlineData("face", "body part")]
    [InlineData("hair", "body part")]
    [InlineData("eye", "body part")]
    [InlineData("book", "stationery")]
    [InlineData("paper", "stationery")]
    [InlineData("pen", "writing tool")]
    [InlineData("pencil", "writing tool")]
    [InlineData("coin", "money")]
    [InlineData("painting", "art")]
    [InlineData("statue", "art")]
    [InlineData("flag", "decoration")]
    [InlineData("doll", "toy")]
    [InlineData("teddy bear", "toy")]
    [InlineData("kite", "toy")]
    [InlineData("microscope", "scientific equipment")]
    [InlineData("lawn mower", "tool|gardening tool")]
    [InlineData("blanket", "fabric")]
    [InlineData("towel", "fabric")]
    [InlineData("Dogs", "animal|mammal")]
    [InlineData("  Traffic_Lights ", "light source")]
    public void Map_RealWorldObjectName_ReturnsExpectedConcepts(string name, string expected)
    {
        // Given an object name
        // When it is mapped with the repository's concepts.yaml and the first-sense rule
        var mapped = Mapper.Map(name);

        // Then it reaches exactly the expected concepts (in classifier order)
        Assert.Equal(expected.Split('|'), Names(mapped.ConceptIndices));
    }

    [Fact]
    public void Map_EveryConceptName_MapsToItselfOnly()
    {
        // Given the 51 concept names
        foreach (var concept in SharedWordNet.Catalog.Concepts)
        {
            // When each is mapped as an object name
            var mapped = Mapper.Map(concept.Name);

            // Then it maps to that concept alone, by the concept-name rule
            Assert.Equal([concept.Index], mapped.ConceptIndices);
            Assert.Equal(MappingRule.ConceptName, mapped.Rule);
        }
    }

    [Fact]
    public void Map_WhenPluralOfConceptName_MapsToTheConcept()
    {
        // Given "animals" and "body parts"
        // When mapped
        // Then the base form's concept is taken
        Assert.Equal(["animal"], Names(Mapper.Map("animals").ConceptIndices));
        Assert.Equal(["body part"], Names(Mapper.Map("body parts").ConceptIndices));
    }

    [Theory]
    [InlineData("qwzxv")]
    [InlineData("idea")]
    [InlineData("")]
    [InlineData("  ")]
    public void Map_WhenNoConceptReached_IsUnmapped(string name)
    {
        // Given a non-word, an abstraction and blank names
        var mapped = Mapper.Map(name);

        // Then nothing is mapped and the rule says so
        Assert.Empty(mapped.ConceptIndices);
        Assert.Equal(MappingRule.Unmapped, mapped.Rule);
        Assert.False(mapped.IsMapped);
    }

    [Fact]
    public void Map_WhenIrregularPlural_RecordsTheLemmaAndFirstSense()
    {
        // Given "geese"
        var mapped = Mapper.Map("geese");

        // Then the exception list gives goose and its first sense is followed
        Assert.Equal("goose", mapped.Lemma);
        Assert.Equal(["goose.n.01"], mapped.Senses);
        Assert.Equal(MappingRule.WordNet, mapped.Rule);
    }

    [Fact]
    public void Map_WhenOverrideGivesSense_FollowsThatSenseOnly()
    {
        // Given "tiger", whose first WordNet sense is a fierce person
        var mapped = Mapper.Map("tigers");

        // Then the override's sense (the feline) is followed
        Assert.Equal(MappingRule.Override, mapped.Rule);
        Assert.Equal(["tiger.n.02"], mapped.Senses);
        Assert.Equal(["animal", "mammal"], Names(mapped.ConceptIndices));
    }

    [Fact]
    public void Map_WithMoreSenses_UnitesTheConceptsOfEach()
    {
        // Given "mouse": sense 1 the rodent (the only tagged sense), 2 a black eye (synset shiner.n.01, an
        // injury: an abstraction), 3 a timid person, 4 the computer mouse
        var one = new ConceptMapper(SharedWordNet.Database, SharedWordNet.Catalog, senseCount: 1).Map("mouse");
        var four = new ConceptMapper(SharedWordNet.Database, SharedWordNet.Catalog, senseCount: 4).Map("mouse");

        // Then one sense gives the animal only; more senses follow the ranking: the black eye is left out,
        // the untagged person sense comes after the untagged device
        Assert.Equal(["animal", "mammal"], Names(one.ConceptIndices));
        Assert.Equal(["animal", "human", "device", "mammal"], Names(four.ConceptIndices));
        Assert.Equal(["mouse.n.01", "mouse.n.04", "mouse.n.03"], four.Senses);
    }

    [Fact]
    public void Map_WhenYieldsToApplies_DropsTheBroadConcept()
    {
        // Given car.n.01, which WordNet files under both vehicle and container
        var mapped = Mapper.Map("car");

        // Then container yields to vehicle
        Assert.Equal(["vehicle"], Names(mapped.ConceptIndices));
    }

    [Fact]
    public void MapClip_UnitesConceptsDedupesObjectsAndKeepsUnmapped()
    {
        // Given a clip's object list with a repeat (in another case) and an unknown name
        var clip = Mapper.MapClip(["Dog", "man", "dog", "qwzxv", "ball"]);

        // Then objects are deduplicated, concepts united, the multi-hot vector is 51 long, unmapped kept
        Assert.Equal(["dog", "man", "qwzxv", "ball"], clip.Objects.Select(o => o.Object));
        Assert.Equal(["animal", "human", "mammal", "sports equipment"], Names(clip.ConceptIndices));
        Assert.Equal(51, clip.MultiHot.Count);
        Assert.Equal(4, clip.MultiHot.Sum());
        Assert.Equal(1, clip.MultiHot[0]);
        Assert.Equal(1, clip.MultiHot[22]);
        Assert.Equal(["qwzxv"], clip.Unmapped);
    }

    [Theory]
    [InlineData("  Traffic_Lights ", "traffic lights")]
    [InlineData("\"Dog.\"", "dog")]
    [InlineData("teddy   bear", "teddy bear")]
    public void Normalize_LowerCasesTrimsAndCollapsesSeparators(string raw, string expected)
    {
        // Given a raw VLM object name
        // When normalised
        // Then it is lower case with single spaces
        Assert.Equal(expected, ConceptMapper.Normalize(raw));
    }

    private static List<string> Names(IEnumerable<int> indices) =>
        indices.Select(i => SharedWordNet.Catalog.Concepts[i].Name).ToList();
}
