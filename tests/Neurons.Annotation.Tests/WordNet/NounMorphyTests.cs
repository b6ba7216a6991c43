namespace Neurons.Annotation.Tests.WordNet;

public sealed class NounMorphyTests
{
    [Theory]
    [InlineData("men", "man")]
    [InlineData("women", "woman")]
    [InlineData("geese", "goose")]
    [InlineData("children", "child")]
    [InlineData("mice", "mouse")]
    [InlineData("feet", "foot")]
    [InlineData("teeth", "tooth")]
    [InlineData("knives", "knife")]
    [InlineData("buses", "bus")]
    [InlineData("boxes", "box")]
    [InlineData("churches", "church")]
    [InlineData("dishes", "dish")]
    [InlineData("ladies", "lady")]
    [InlineData("dogs", "dog")]
    [InlineData("firemen", "fireman")]
    [InlineData("boxesful", "boxful")]
    [InlineData("traffic_lights", "traffic_light")]
    [InlineData("dog", "dog")]
    [InlineData("glass", "glass")]
    [InlineData("gas", "gas")]
    [InlineData("shoes", "shoe")]
    [InlineData("arms", "arm")]
    [InlineData("species", "species")]
    public void BaseForms_FirstFormIsTheLemma(string word, string lemma)
    {
        // Given an inflected (or base) noun
        // When morphy lemmatises it
        var forms = SharedWordNet.Database.Morphy.BaseForms(word);

        // Then its lemma comes first
        Assert.Equal(lemma, forms[0]);
    }

    [Fact]
    public void BaseForms_ListsExceptionsFirstThenTheMoreFrequentOfRuleFormAndWord()
    {
        // Given "leaves" (exception list: leaf, leave), "glasses" (rule form glass: 4 tagged senses;
        // glasses: 1) and "gas" (rule form ga, gallium: 0 tagged senses; gas: 5)
        var morphy = SharedWordNet.Database.Morphy;

        // When lemmatised
        // Then exception forms come first, then rule forms and the word by tagged-sense count
        Assert.Equal(["leaf", "leave"], morphy.BaseForms("leaves"));
        Assert.Equal(["glass", "glasses"], morphy.BaseForms("glasses"));
        Assert.Equal(["gas", "ga"], morphy.BaseForms("gas"));
    }

    [Theory]
    [InlineData("qwzx")]
    [InlineData("mess")]
    public void BaseForms_WhenNothingDefinedOrRulesDoNotApply_ReturnsOnlyDefinedForms(string word)
    {
        // Given a non-word and an -ss word ("mess" must not become "mes")
        var forms = SharedWordNet.Database.Morphy.BaseForms(word);

        // Then only the forms WordNet defines come back, never a stripped -ss form
        Assert.All(forms, f => Assert.True(SharedWordNet.Database.Contains(f)));
        Assert.DoesNotContain("mes", forms);
        Assert.Equal(word == "mess" ? ["mess"] : [], forms);
    }
}
