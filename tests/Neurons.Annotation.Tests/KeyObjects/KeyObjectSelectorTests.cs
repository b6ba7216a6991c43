using Neurons.Annotation.KeyObjects;
using static Neurons.Annotation.Tests.KeyObjects.MaskFixtures;

namespace Neurons.Annotation.Tests.KeyObjects;

public sealed class KeyObjectSelectorTests
{
    private static readonly KeyObjectCategories Categories = new(["sky", "road", "water", "None"], ["dog", "man", "fish"]);

    private static KeyObjectSelector Reference(int topK = 1) => new(Categories, new KeyObjectSettings { Mode = KeyObjectMode.Reference, TopK = topK });

    private static KeyObjectSelector Paper() => new(Categories, new KeyObjectSettings { Mode = KeyObjectMode.Paper });

    [Fact]
    public void Select_BackgroundCategoryIsNeverChosenEvenWhenItMovesMost()
    {
        // Given sky moving 10 px per frame and a car moving 1 px per frame
        var masks = Moving("sky", 0, 0, 10, 0).Concat(Moving("car", 50, 50, 1, 0)).ToList();

        // When selected
        var choice = Reference().Select(masks);

        // Then the car is chosen and the sky is not even ranked
        Assert.Equal("car", choice.KeyObject);
        Assert.DoesNotContain(choice.Ranking, c => c.Category == "sky");
    }

    [Fact]
    public void Select_SumsCentroidDisplacementOverConsecutiveFramePairs()
    {
        // Given a ball moving 3 px right and 4 px down per frame (5 px per pair, 5 pairs)
        // and a cup that jumps 20 px once (frames 0–2 at x=10, frames 3–5 at x=30)
        var cup = Enumerable.Range(0, 6).Select(f => Box(f, "cup", f < 3 ? 10 : 30, 70, 10, 10));
        var masks = Moving("ball", 10, 10, 3, 4).Concat(cup).ToList();

        // When selected
        var choice = Reference().Select(masks);

        // Then the ball's total is 25 px and beats the cup's 20 px
        Assert.Equal("ball", choice.KeyObject);
        Assert.Equal(KeyObjectReason.Moving, choice.Reason);
        Assert.Equal(25.0, choice.Displacement, 9);
        Assert.Equal(20.0, choice.Ranking.Single(c => c.Category == "cup").Displacement, 9);
    }

    [Fact]
    public void Select_PriorityDisplacementIsWeightedByTwo()
    {
        // Given a dog (priority) moving 2 px per frame
        var choice = Reference().Select(Moving("dog", 10, 10, 2, 0).ToList());

        // Then its total is 2 × 5 pairs × 2 px
        Assert.Equal(20.0, choice.Ranking.Single().Displacement, 9);
    }

    [Fact]
    public void Select_PriorityWeightIsASetting()
    {
        // Given the weight set to 3
        var selector = new KeyObjectSelector(Categories, new KeyObjectSettings { PriorityWeight = 3 });

        // Then a dog moving 2 px per frame totals 3 × 10 px
        Assert.Equal(30.0, selector.Select(Moving("dog", 10, 10, 2, 0).ToList()).Displacement, 9);
    }

    [Fact]
    public void Select_PriorityCategoryIsChosenBeforeAFasterOtherObject()
    {
        // Given a dog moving 1 px per frame and a car moving 15 px per frame
        var masks = Moving("dog", 10, 10, 1, 0).Concat(Moving("car", 0, 60, 15, 0)).ToList();

        // When selected in either mode
        // Then the dog wins as a priority category
        Assert.Equal(("dog", KeyObjectReason.Priority), (Reference().Select(masks).KeyObject, Reference().Select(masks).Reason));
        Assert.Equal("dog", Paper().Select(masks).KeyObject);
    }

    [Fact]
    public void Select_ObjectsAtHalfTheFrameOrMoreAreFilteredOut()
    {
        // Given a truck covering 60 % of the frame moving 5 px per frame, and a ball moving 1 px per frame
        var truck = Enumerable.Range(0, 6).Select(f => Box(f, "truck", f * 5, 0, 60, 100));
        var masks = truck.Concat(Moving("ball", 70, 10, 1, 0)).ToList();

        // When selected in either mode
        // Then the smaller ball is chosen
        Assert.Equal("ball", Reference().Select(masks).KeyObject);
        Assert.Equal("ball", Paper().Select(masks).KeyObject);
    }

    [Fact]
    public void Select_Reference_WhenEveryMovingObjectIsLarge_TakesTheMostDisplacedAnyway()
    {
        // Given only large objects (60 % and 55 %) that move
        var truck = Enumerable.Range(0, 6).Select(f => Box(f, "truck", f * 5, 0, 60, 100));
        var bus = Enumerable.Range(0, 6).Select(f => Box(f, "bus", 0, f, 100, 55));
        var masks = truck.Concat(bus).ToList();

        // When selected in reference mode
        var choice = Reference().Select(masks);

        // Then the filter is dropped and the truck (25 px) beats the bus (5 px)
        Assert.Equal("truck", choice.KeyObject);
        Assert.Equal(KeyObjectReason.MovingLarge, choice.Reason);
    }

    [Fact]
    public void Select_Reference_AppliesNoAreaFilterToPriorityCategories()
    {
        // Given a man covering 60 % of the frame moving 1 px per frame, and a small ball moving 5 px
        var man = Enumerable.Range(0, 6).Select(f => Box(f, "man", f, 0, 60, 100));
        var masks = man.Concat(Moving("ball", 70, 10, 5, 0, side: 5)).ToList();

        // When selected
        // Then reference mode keeps the large priority man; paper mode filters him and takes the ball
        Assert.Equal("man", Reference().Select(masks).KeyObject);
        Assert.Equal("ball", Paper().Select(masks).KeyObject);
    }

    [Fact]
    public void Select_WhenNothingCanBeFollowedBetweenFrames_ReferenceSaysNoneAndPaperTakesTheLargest()
    {
        // Given a clip with masks on frame 0 only: a small cup, a big table and the sky
        List<ObjectMask> masks = [Box(0, "cup", 0, 0, 10, 10), Box(0, "table", 20, 20, 40, 40), Box(0, "sky", 0, 60, 100, 40)];

        // When selected
        var reference = Reference().Select(masks);
        var paper = Paper().Select(masks);

        // Then reference gives "None" with six all-zero masks; paper falls back to the largest non-background object
        Assert.Equal(KeyObjectChoice.NoneName, reference.KeyObject);
        Assert.Equal(KeyObjectReason.None, reference.Reason);
        Assert.Equal(6, reference.FrameMasks.Count);
        Assert.All(reference.FrameMasks, m => Assert.All(m, b => Assert.Equal(0, b)));
        Assert.Equal("table", paper.KeyObject);
        Assert.Equal(KeyObjectReason.Largest, paper.Reason);
        Assert.Equal(0.16, paper.Area, 9);
    }

    [Fact]
    public void Select_WhenClipHasNoMasks_BothModesSayNone()
    {
        Assert.Equal(KeyObjectChoice.NoneName, Reference().Select([]).KeyObject);
        Assert.Equal(KeyObjectChoice.NoneName, Paper().Select([]).KeyObject);
        Assert.Equal(224 * 224 / 8, Paper().Select([]).FrameMasks[0].Length);
    }

    [Fact]
    public void Select_ObjectFollowedButNotMoving_IsStillAKeyObject()
    {
        // Given a cup standing still on every frame
        var choice = Reference().Select(Moving("cup", 10, 10, 0, 0).ToList());

        // Then it was followed (zero displacement counts) and is chosen, as in the reference
        Assert.Equal("cup", choice.KeyObject);
        Assert.Equal(0.0, choice.Displacement);
    }

    [Fact]
    public void Select_Reference_MatchesFramesByLabelIndexNotByName()
    {
        // Given a still cup and a still ball whose order swaps between frame 0 and frame 1
        List<ObjectMask> masks =
        [
            Box(0, "cup", 0, 0, 10, 10), Box(0, "ball", 30, 40, 10, 10),
            Box(1, "ball", 30, 40, 10, 10), Box(1, "cup", 0, 0, 10, 10),
        ];

        // When selected
        var reference = Reference().Select(masks);
        var paper = Paper().Select(masks);

        // Then reference measures label 0 (cup → ball) and label 1 (ball → cup): 50 px each;
        // paper follows each object by name: 0 px
        Assert.Equal(50.0, reference.Ranking.Single(c => c.Category == "ball").Displacement, 9);
        Assert.Equal(50.0, reference.Ranking.Single(c => c.Category == "cup").Displacement, 9);
        Assert.All(paper.Ranking, c => Assert.Equal(0.0, c.Displacement));
    }

    [Fact]
    public void Select_SkipsEmptyMasksAndPairsWithAFrameMissing()
    {
        // Given a ball on frames 0, 1 (empty), 2 and 4 only (frame 3 has no masks at all)
        List<ObjectMask> masks =
        [
            Box(0, "ball", 0, 0, 10, 10), Empty(1, "ball"), Box(2, "ball", 10, 0, 10, 10), Box(4, "ball", 40, 0, 10, 10),
        ];

        // When selected
        var choice = Reference().Select(masks);

        // Then pairs (0,1) and (1,2) are skipped for the empty mask, and (2,4) counts as consecutive: 30 px
        Assert.Equal(30.0, choice.Displacement, 9);
    }

    [Fact]
    public void Select_AreaIsTheLastFollowedFramesArea()
    {
        // Given a ball that grows from 10×10 to 20×20 on the last frame
        var masks = Enumerable.Range(0, 6).Select(f => Box(f, "ball", f, 0, f == 5 ? 20 : 10, f == 5 ? 20 : 10)).ToList();

        // Then its area is the last frame's 4 %
        Assert.Equal(0.04, Reference().Select(masks).Area, 9);
    }

    [Fact]
    public void Select_MasksAreTheChosenCategorysOnEachFrameLastOneWinsAndZerosElsewhere()
    {
        // Given a ball on frames 0–3 with two ball masks on frame 1, and a cup on every frame
        var ball = Enumerable.Range(0, 4).Select(f => Box(f, "ball", 10 * f, 0, 5, 5)).ToList();
        var second = Box(1, "ball", 80, 80, 5, 5);
        var masks = ball.Append(second).Concat(Moving("cup", 0, 50, 0, 0)).ToList();

        // When selected in paper mode (ball followed by name, cup still)
        var choice = Paper().Select(masks);

        // Then frame masks are the ball's, the later of the two on frame 1, zeros on frames 4–5
        Assert.Equal("ball", choice.KeyObject);
        Assert.Equal(ball[0].Bits, choice.FrameMasks[0]);
        Assert.Equal(second.Bits, choice.FrameMasks[1]);
        Assert.All(choice.FrameMasks[4], b => Assert.Equal(0, b));
        Assert.All(choice.FrameMasks[5], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Select_TopKListsTheFirstKOfTheChosenOrdering()
    {
        // Given three moving objects with totals 25, 10 and 5 px
        var masks = Moving("ball", 0, 0, 5, 0).Concat(Moving("cup", 0, 30, 2, 0)).Concat(Moving("car", 0, 60, 1, 0)).ToList();

        // When the top 2 are asked for
        var choice = Reference(topK: 2).Select(masks);

        // Then the two largest are listed, the first being the key object
        Assert.Equal(["ball", "cup"], choice.TopObjects);
        Assert.Equal(["ball", "cup", "car"], choice.Ranking.Select(c => c.Category));
    }

    [Fact]
    public void Select_TiesKeepTheOrderInWhichCategoriesWereFirstFollowed()
    {
        // Given two still objects (both 0 px)
        var masks = Moving("cup", 0, 0, 0, 0).Concat(Moving("ball", 0, 30, 0, 0)).ToList();

        // Then the first followed comes first
        Assert.Equal("cup", Reference().Select(masks).KeyObject);
    }

    [Fact]
    public void Load_RepositoryCategories_HasTheReferenceLists()
    {
        // Given stages/keyobject/categories.yaml
        var categories = KeyObjectCategories.Load(Path.Combine(AppContext.BaseDirectory, "KeyObjects", "categories.yaml"));

        // Then the 133 unique background and 41 priority names of the reference's lists are there
        Assert.Equal(133, categories.Background.Count);
        Assert.Equal(41, categories.Priority.Count);
        Assert.Contains("tugboat", categories.Background);
        Assert.Contains("labrador retriever", categories.Priority);
    }
}
