using Neurons.Annotation.WordNet;

namespace Neurons.Annotation.Tests.WordNet;

public sealed class WordNetDatabaseTests
{
    private static WordNetDatabase Db => SharedWordNet.Database;

    [Fact]
    public void GetSenses_WhenLemmaKnown_ReturnsOffsetsInWordNetOrder()
    {
        // Given the lemma "mouse" (rodent first, computer mouse fourth in WordNet 3.0)
        // When its senses are read from index.noun
        var senses = Db.GetSenses("mouse");

        // Then they are the index line's offsets, in order
        Assert.Equal([2330245L, 14289387L, 10335563L, 3793489L], senses);
    }

    [Theory]
    [InlineData("'hood", 8641944L)]
    [InlineData("zyrian", 6957042L)]
    [InlineData("eiffel_tower", 3266906L)]
    [InlineData("dog", 2084071L)]
    public void GetSenses_FindsFirstLastAndCollocationLemmasByBinarySearch(string lemma, long firstOffset)
    {
        // Given lemmas at both ends of the sorted index and a collocation
        // When looked up
        var senses = Db.GetSenses(lemma);

        // Then the first sense is the expected synset
        Assert.Equal(firstOffset, senses[0]);
    }

    [Theory]
    [InlineData("qwertyzzz")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("zzzzzz")]
    [InlineData("  1")]
    public void GetSenses_WhenLemmaUnknown_ReturnsEmpty(string lemma)
    {
        // Given a lemma the noun index lacks (or a licence-header prefix)
        // When looked up
        // Then there is no sense
        Assert.Empty(Db.GetSenses(lemma));
        Assert.False(Db.Contains(lemma));
    }

    [Fact]
    public void GetSenses_FindsASampleOfEveryIndexLine()
    {
        // Given every 61st lemma line of index.noun (licence lines skipped)
        var lines = File.ReadLines(Path.Combine(WordNetDatabase.BuiltInDirectory, "index.noun"))
            .Where(l => !l.StartsWith("  ", StringComparison.Ordinal))
            .Where((_, i) => i % 61 == 0)
            .ToList();

        // When each is looked up by binary search
        var missing = lines.Select(l => l.Split(' ')[0]).Where(lemma => Db.GetSenses(lemma).Count == 0).ToList();

        // Then all are found
        Assert.True(lines.Count > 1900);
        Assert.Empty(missing);
    }

    [Fact]
    public void GetSynset_ReadsWordsHypernymsAndGlossAtItsByteOffset()
    {
        // Given dog.n.01
        // When its data line is read by seeking to its offset
        var dog = Db.GetSynset(2084071);

        // Then words, hypernyms (canine, domestic animal) and gloss are parsed
        Assert.Equal(["dog", "domestic_dog", "Canis_familiaris"], dog.Words);
        Assert.Equal([2083346L, 1317541L], dog.Hypernyms);
        Assert.Empty(dog.InstanceHypernyms);
        Assert.StartsWith("a member of the genus Canis", dog.Gloss, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSynset_WhenOffsetIsNotALineStart_Throws()
    {
        // Given an offset inside dog.n.01's line
        // When read
        // Then the data file is reported
        var error = Assert.Throws<InvalidDataException>(() => Db.GetSynset(2084075));
        Assert.Contains("data.noun", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("person.n.01", 7846L)]
    [InlineData("tiger.n.02", 2129604L)]
    [InlineData("body_part.n.01", 5220461L)]
    public void ResolveSense_ReturnsTheNthSenseOfTheLemma(string name, long offset)
    {
        // Given a sense written lemma.n.NN
        // When resolved
        // Then it is the NN-th offset of the lemma's index line
        Assert.Equal(offset, Db.ResolveSense(name));
        Assert.Equal(name, Db.NameOf(offset));
    }

    [Theory]
    [InlineData("person.n.99")]
    [InlineData("person.v.01")]
    [InlineData("person")]
    [InlineData("nosuchlemma.n.01")]
    public void ResolveSense_WhenSenseMissingOrMalformed_Throws(string name)
    {
        // Given a sense name that is malformed or that WordNet lacks
        // When resolved
        // Then a FormatException names it
        var error = Assert.Throws<FormatException>(() => Db.ResolveSense(name));
        Assert.Contains(name.Split('.')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetAncestors_FollowsHypernymsOnEveryPath()
    {
        // Given car.n.01, filed under both vehicle and container through wheeled_vehicle
        // When its ancestors are walked
        var ancestors = Db.GetAncestors(Db.ResolveSense("car.n.01"));

        // Then both branches and the root are reached, and the synset itself is included
        Assert.Contains(Db.ResolveSense("car.n.01"), ancestors);
        Assert.Contains(Db.ResolveSense("vehicle.n.01"), ancestors);
        Assert.Contains(Db.ResolveSense("container.n.01"), ancestors);
        Assert.Contains(Db.ResolveSense("entity.n.01"), ancestors);
        Assert.DoesNotContain(Db.ResolveSense("animal.n.01"), ancestors);
    }

    [Fact]
    public void GetAncestors_FollowsInstanceHypernyms()
    {
        // Given the Eiffel Tower, an instance (not a hyponym) of tower
        var eiffel = Db.GetSenses("eiffel_tower")[0];
        Assert.Empty(Db.GetSynset(eiffel).Hypernyms);

        // When its ancestors are walked
        var ancestors = Db.GetAncestors(eiffel);

        // Then tower and structure are reached through the instance pointer
        Assert.Contains(Db.ResolveSense("tower.n.01"), ancestors);
        Assert.Contains(Db.ResolveSense("structure.n.01"), ancestors);
    }

    [Fact]
    public void Open_WhenAFileIsMissing_NamesIt()
    {
        // Given a directory without the WordNet files
        var empty = Directory.CreateTempSubdirectory("wordnet-test-").FullName;
        try
        {
            // When opened
            // Then the missing file is named
            var error = Assert.Throws<FileNotFoundException>(() => WordNetDatabase.Open(empty));
            Assert.Contains("index.noun", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
