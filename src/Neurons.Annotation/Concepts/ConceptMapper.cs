using System.Collections.Concurrent;
using System.Text;
using Neurons.Annotation.WordNet;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// Maps object names (as a VLM lists them) to the concepts of a <see cref="ConceptCatalog"/> through
/// WordNet. The rules, in order (documented in <c>wordnet/concepts.yaml</c> and <c>docs/concepts.md</c>):
/// a concept's own name (or its plural) maps to that concept; an override fixes the sense or the
/// concepts; otherwise the name's lemma is found (collocations, hyphens, run-together compounds, head
/// noun), its senses are ranked for what a camera sees (physical before abstract, common nouns before
/// proper names, WordNet's frequency order for tagged senses, informal and untagged person senses
/// last), the first <see cref="SenseCount"/> of them are walked up their hypernym paths, and every
/// concept whose anchor lies on a path is taken, less the concepts that yield to another one reached
/// by the same sense. A later sense replaces the first when the first only reaches a concept that
/// yields to one the later sense reaches, or, with a <see cref="MappingContext"/>, when it agrees
/// better with the caption or the clip's other objects. Thread-safe; context-free results are cached.
/// </summary>
public sealed class ConceptMapper
{
    private readonly WordNetDatabase wordNet;
    private readonly Dictionary<long, List<int>> anchorConcepts = [];
    private readonly Dictionary<string, long> overrideSenses = new(StringComparer.Ordinal);
    private readonly int[][] yieldsTo;
    private readonly long physicalEntity;
    private readonly long person;
    private readonly LemmaFinder lemmaFinder;
    private readonly ConcurrentDictionary<long, SenseProfile> profiles = new();
    private readonly ConcurrentDictionary<string, Resolution> contextFree = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ConceptMapper"/> class and resolves every anchor and override sense.</summary>
    /// <param name="wordNet">The WordNet noun database.</param>
    /// <param name="catalog">The concepts.</param>
    /// <param name="senseCount">How many of a lemma's ranked senses to follow (1 = the first-ranked sense only).</param>
    /// <exception cref="FormatException">An anchor or override sense does not exist in WordNet.</exception>
    public ConceptMapper(WordNetDatabase wordNet, ConceptCatalog catalog, int senseCount = 1)
    {
        ArgumentNullException.ThrowIfNull(wordNet);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(senseCount, 1);
        this.wordNet = wordNet;
        Catalog = catalog;
        SenseCount = senseCount;
        lemmaFinder = new LemmaFinder(wordNet);
        foreach (var concept in catalog.Concepts)
        {
            foreach (var anchor in concept.Anchors)
            {
                var offset = Resolve(anchor, $"concepts[{concept.Index}] ({concept.Name}) anchor");
                if (!anchorConcepts.TryGetValue(offset, out var list))
                {
                    anchorConcepts[offset] = list = [];
                }

                list.Add(concept.Index);
            }
        }

        yieldsTo = catalog.Concepts.Select(c => c.YieldsTo.Select(n => catalog.Get(n).Index).ToArray()).ToArray();
        foreach (var (lemma, entry) in catalog.Overrides)
        {
            if (entry.Sense is not null)
            {
                overrideSenses[lemma] = Resolve(entry.Sense, $"overrides.{lemma}.sense");
            }
        }

        physicalEntity = wordNet.ResolveSense("physical_entity.n.01");
        person = wordNet.ResolveSense("person.n.01");
    }

    /// <summary>Gets the concepts.</summary>
    public ConceptCatalog Catalog { get; }

    /// <summary>Gets how many ranked senses of a lemma are followed.</summary>
    public int SenseCount { get; }

    /// <summary>Normalises an object name: trimmed, lower case, punctuation at either end removed, runs of spaces and underscores made one space.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var c in name.Trim().Trim('"', '\'', '.', ',', ';', ':', '!', '?', '(', ')', '[', ']').ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c) || c == '_')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Maps one object name on its own.</summary>
    public ObjectConcepts Map(string objectName) => Map(objectName, MappingContext.None);

    /// <summary>Maps one object name, letting <paramref name="context"/> pick among its senses.</summary>
    public ObjectConcepts Map(string objectName, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var free = ContextFree(Normalize(objectName));
        return context.IsEmpty ? free.Result : WithContext(free, context).Result;
    }

    /// <summary>
    /// Maps the object names of one clip: the union of their concepts as indices and as a multi-hot
    /// vector, and the names left unmapped. Each name is first mapped on its own; a name with more than
    /// one candidate sense is then mapped again with the caption and the other objects' concepts as context.
    /// </summary>
    /// <param name="objectNames">The clip's object names (any case; repeats are dropped).</param>
    /// <param name="caption">The clip's caption, or null.</param>
    /// <param name="fallback">Concepts for names WordNet leaves unmapped (the VLM fallback's answers, keyed by normalised name), or null.</param>
    public ClipConcepts MapClip(IEnumerable<string> objectNames, string? caption = null, IReadOnlyDictionary<string, IReadOnlyList<int>>? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(objectNames);
        var free = new List<Resolution>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in objectNames)
        {
            var name = Normalize(raw);
            if (name.Length > 0 && seen.Add(name))
            {
                free.Add(ContextFree(name));
            }
        }

        var objects = new List<ObjectConcepts>(free.Count);
        for (var i = 0; i < free.Count; i++)
        {
            var resolution = free[i];
            if (resolution.IsAmbiguous)
            {
                var others = new HashSet<int>();
                for (var j = 0; j < free.Count; j++)
                {
                    if (j != i)
                    {
                        others.UnionWith(free[j].Result.ConceptIndices);
                    }
                }

                resolution = WithContext(resolution, new MappingContext(caption ?? string.Empty, others));
            }

            var result = resolution.Result;
            if (!result.IsMapped && fallback is not null && fallback.TryGetValue(result.Object, out var answer) && answer.Count > 0)
            {
                var names = string.Join(", ", answer.Order().Select(a => Catalog.Concepts[a].Name));
                result = result with
                {
                    ConceptIndices = answer.Distinct().Order().ToList(),
                    Rule = MappingRule.Vlm,
                    Reason = $"WordNet placed it nowhere ({result.Reason}); the VLM fallback answered {names}",
                };
            }

            objects.Add(result);
        }

        var multiHot = new int[Catalog.Concepts.Count];
        foreach (var index in objects.SelectMany(o => o.ConceptIndices))
        {
            multiHot[index] = 1;
        }

        var indices = Enumerable.Range(0, multiHot.Length).Where(i => multiHot[i] == 1).ToList();
        var unmapped = objects.Where(o => !o.IsMapped).Select(o => o.Object).ToList();
        return new ClipConcepts(objects, indices, multiHot, unmapped);
    }

    /// <summary>Explains how a name is mapped on its own: the lemma, every sense considered and why, the path walked, the concepts.</summary>
    public ConceptExplanation Explain(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var resolution = ContextFree(Normalize(objectName));
        var result = resolution.Result;
        var chosen = resolution.Chosen.Select(c => c.Profile.Offset).ToHashSet();
        var senses = resolution.Candidates
            .Select(c => new SenseReport(c.Profile.Name, c.Profile.Gloss, ConceptNames(c.Profile.Concepts), Notes(c, resolution.Candidates), chosen.Contains(c.Profile.Offset)))
            .ToList();
        var paths = new List<string>();
        var followed = resolution.Chosen.Select(c => c.Profile.Offset).ToList();
        if (result.Rule == MappingRule.Override && overrideSenses.TryGetValue(resolution.OverrideKey ?? string.Empty, out var pinned))
        {
            followed = [pinned];
        }

        if (result.Rule is MappingRule.WordNet or MappingRule.Override)
        {
            foreach (var start in followed)
            {
                foreach (var index in result.ConceptIndices)
                {
                    if (PathTo(start, index) is { } path)
                    {
                        paths.Add($"{string.Join(" > ", path.Select(wordNet.NameOf))} [{Catalog.Concepts[index].Name}]");
                    }
                }
            }
        }

        return new ConceptExplanation(objectName, result, resolution.LemmaHow, senses, paths, ConceptNames(result.ConceptIndices));
    }

    /// <summary>Returns the concept indices that a name's own spelling gives, in the order of the catalog (for the fallback's answers).</summary>
    internal IReadOnlyList<int> IndicesOf(IEnumerable<string> conceptNames) =>
        conceptNames.Select(n => Catalog.TryGet(n, out var c) ? c.Index : -1).Where(i => i >= 0).Distinct().Order().ToList();

    private static List<string> Notes(Candidate candidate, IReadOnlyList<Candidate> all)
    {
        var notes = new List<string>();
        var profile = candidate.Profile;
        if (!profile.IsPhysical)
        {
            notes.Add("abstraction");
        }

        if (candidate.Proper)
        {
            notes.Add("proper name");
        }

        if (profile.IsInformal)
        {
            notes.Add("informal");
        }

        if (!candidate.Tagged)
        {
            notes.Add(all.Any(c => c.Tagged) ? "untagged" : "untagged (no sense of the lemma is tagged)");
        }

        if (profile.IsPerson)
        {
            notes.Add("person");
        }

        return notes;
    }

    private List<string> ConceptNames(IEnumerable<int> indices) => indices.Select(i => Catalog.Concepts[i].Name).ToList();

    private Resolution ContextFree(string name) => contextFree.GetOrAdd(name, Decide);

    private Resolution Decide(string name)
    {
        if (name.Length == 0)
        {
            return Resolution.Fixed(new ObjectConcepts(name, [], MappingRule.Unmapped, null, [], "empty name"));
        }

        var match = lemmaFinder.Find(name);
        var lemmaKeys = match?.Forms.Select(l => l.Replace('_', ' ')).ToList() ?? [];
        var lemma = match?.Forms[0];
        foreach (var (key, plural) in NameKeys(name, lemmaKeys))
        {
            if (Catalog.TryGet(key, out var concept))
            {
                var why = key == name ? $"the name of concept '{concept.Name}'" : $"'{name}' is a form of the concept name '{concept.Name}'{(plural ? " (plural)" : string.Empty)}";
                return Resolution.Fixed(new ObjectConcepts(name, [concept.Index], MappingRule.ConceptName, lemma, [], why), match?.How);
            }
        }

        foreach (var (key, _) in NameKeys(name, lemmaKeys))
        {
            if (!Catalog.Overrides.TryGetValue(key, out var entry))
            {
                continue;
            }

            if (entry.Concepts is { } names)
            {
                var indices = names.Select(n => Catalog.Get(n).Index).Distinct().Order().ToList();
                return Resolution.Fixed(new ObjectConcepts(name, indices, MappingRule.Override, lemma, [], $"override '{key}' in {Path.GetFileName(Catalog.Source)}"), match?.How, key);
            }

            var sense = overrideSenses[key];
            var pinned = Profile(sense);
            return Resolution.Fixed(
                new ObjectConcepts(name, pinned.Concepts, MappingRule.Override, lemma, [pinned.Name], $"override '{key}' in {Path.GetFileName(Catalog.Source)} pins {pinned.Name}"),
                match?.How,
                key);
        }

        if (match is null)
        {
            return Resolution.Fixed(new ObjectConcepts(name, [], MappingRule.Unmapped, null, [], "WordNet has no lemma for it (nor for its head noun or compound parts)"));
        }

        // The base forms in morphy's order; a later form is used only when the first one's senses reach no
        // concept ("spectacles": spectacle is a show, spectacles the glasses).
        Resolution? first = null;
        foreach (var form in match.Forms)
        {
            var attempt = DecideForm(name, form, match.How);
            first ??= attempt;
            if (attempt.Result.IsMapped)
            {
                return attempt == first ? attempt : attempt with { Result = attempt.Result with { Reason = $"{attempt.Result.Reason} (base form {first.Lemma} reaches no concept)" } };
            }
        }

        return first!;
    }

    private Resolution DecideForm(string name, string lemma, string how)
    {
        var match = new LemmaMatch([lemma], how);
        var senses = wordNet.GetSenses(lemma);
        var tagged = Math.Max(0, wordNet.TaggedSenseCount(lemma));
        var candidates = senses.Select((offset, i) => new Candidate(Profile(offset), i, i < tagged, IsProper(offset, lemma))).ToList();
        var ranked = Rank(candidates, lemma);
        var chosen = ranked.Take(SenseCount).ToList();
        var reason = new StringBuilder();
        reason.Append(LemmaReason(lemma, match.How));
        reason.Append("; ").Append(RankReason(chosen[0], candidates));
        if (SenseCount == 1 && chosen[0].Profile.Concepts.Count == 0 && Placed(chosen[0], ranked, lemma) is { } placed)
        {
            reason.Append("; then ").Append(placed.Profile.Name).Append(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $" (sense {placed.Index + 1}, {(placed.Tagged ? "tagged" : "untagged")} like it): {chosen[0].Profile.Name} reaches no concept"));
            chosen = [placed];
        }

        if (SenseCount == 1 && Specific(chosen[0], ranked, lemma) is { } specific)
        {
            reason.Append("; ").Append(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"then {specific.Profile.Name}: its {string.Join(", ", ConceptNames(specific.Profile.Concepts))} is more specific than {string.Join(", ", ConceptNames(chosen[0].Profile.Concepts))}"));
            chosen = [specific];
        }

        var resolution = new Resolution(name, lemma, match.How, candidates, ranked, chosen, null);
        return resolution with { Result = Build(resolution, reason.ToString()) };
    }

    private ObjectConcepts Build(Resolution resolution, string reason)
    {
        var found = new SortedSet<int>();
        foreach (var candidate in resolution.Chosen)
        {
            found.UnionWith(candidate.Profile.Concepts);
        }

        var rule = found.Count > 0 ? MappingRule.WordNet : MappingRule.Unmapped;
        if (rule == MappingRule.Unmapped)
        {
            reason += "; no concept anchor lies on its hypernym paths";
        }

        return new ObjectConcepts(resolution.Name, found.ToList(), rule, resolution.Lemma, resolution.Chosen.Select(c => c.Profile.Name).ToList(), reason);
    }

    // The keys a name is looked up by among concept names and overrides: the name, the name with the last
    // word of each '/'-separated part in its singular forms ("landscape features", "rocks/minerals"), the lemmas.
    private IEnumerable<(string Key, bool Plural)> NameKeys(string name, IReadOnlyList<string> lemmaKeys)
    {
        yield return (name, false);
        foreach (var singular in Singulars(name))
        {
            yield return (singular, true);
        }

        foreach (var key in lemmaKeys)
        {
            if (key != name)
            {
                yield return (key, false);
            }
        }
    }

    private IEnumerable<string> Singulars(string name)
    {
        var parts = name.Split('/');
        var options = parts.Select(part =>
        {
            var words = part.Split(' ');
            var last = words[^1];
            var forms = wordNet.Morphy.BaseForms(last).Where(f => f != last && !f.Contains('_', StringComparison.Ordinal)).ToList();
            return forms.Select(f => string.Join(' ', words[..^1].Append(f))).Prepend(part).ToList();
        }).ToList();
        IEnumerable<string> combos = options[0];
        foreach (var option in options.Skip(1))
        {
            var prefixes = combos.ToList();
            combos = prefixes.SelectMany(prefix => option.Select(o => prefix + "/" + o));
        }

        return combos.Where(c => c != name).Distinct();
    }

    // A sense is proper for a lemma when every word of its synset that spells the lemma is capitalised like a
    // name (Crane the poet, Jersey the island; not T-shirt or TV): object lists name kinds of things, and names
    // are compared case-insensitively, so "Crane" in a VLM's list is still the machine or the bird.
    private bool IsProper(long offset, string lemma)
    {
        var spellings = wordNet.GetSynset(offset).Words.Where(w => string.Equals(w, lemma, StringComparison.OrdinalIgnoreCase)).ToList();
        return spellings.Count > 0 && spellings.All(w => char.IsUpper(w[0]) && w.Length > 1 && char.IsLower(w[1]));
    }

    // Visible senses: under physical_entity or reaching a concept anchor (forests are vegetation, an
    // abstraction in WordNet), not informal; when some sense of the lemma is tagged, an untagged sense
    // counts only where the lemma is its synset's first word (a "poster" is not a post horse).
    private List<Candidate> Rank(List<Candidate> candidates, string lemma)
    {
        var anyTaggedSense = candidates.Any(c => c.Tagged);
        var eligible = candidates.Where(c => (c.Profile.IsPhysical || c.Profile.Concepts.Count > 0) && !c.Profile.IsInformal
            && (!anyTaggedSense || c.Tagged || NamesDirectlyOrByCompound(c, lemma))).ToList();
        if (eligible.Count == 0)
        {
            eligible = candidates.Where(c => !c.Profile.IsInformal).ToList();
        }

        if (eligible.Count == 0)
        {
            eligible = candidates;
        }

        var anyCommon = eligible.Any(c => !c.Proper);
        var anyTagged = eligible.Any(c => c.Tagged);
        return eligible
            .OrderBy(c => anyCommon && c.Proper ? 1 : 0)
            .ThenBy(c => anyTagged && !c.Tagged ? 1 : 0)
            .ThenBy(c => !c.Tagged && c.Profile.IsPerson ? 1 : 0)
            .ThenBy(c => c.Index)
            .ToList();
    }

    // A later sense that the name names directly (its synset's first lemma) and that reaches a concept the
    // first-ranked sense's only concepts yield to: a hammer is first the part of a gunlock (device), then
    // the hand tool (tool); broccoli is first the plant, then the vegetable.
    private Candidate? Specific(Candidate first, List<Candidate> ranked, string lemma)
    {
        var concepts = first.Profile.Concepts;
        if (concepts.Count == 0 || concepts.Any(c => yieldsTo[c].Length == 0))
        {
            return null;
        }

        var wanted = concepts.SelectMany(c => yieldsTo[c]).ToHashSet();
        var anyTagged = ranked.Any(c => c.Tagged);
        return ranked.Skip(1).FirstOrDefault(c =>
            !c.Proper
            && NamesDirectly(c, lemma)
            && (c.Tagged || !anyTagged)
            && (c.Tagged || !c.Profile.IsPerson)
            && c.Profile.Concepts.Any(wanted.Contains));
    }

    // The lemma is the synset's first word, a spelling of it (cantaloupe / cantaloup), or the head of one of its
    // compounds (water_tap for "tap"): the name names the sense directly, not as a loose synonym (poster / post_horse).
    private bool NamesDirectlyOrByCompound(Candidate candidate, string lemma)
    {
        if (NamesDirectly(candidate, lemma))
        {
            return true;
        }

        var suffix = "_" + lemma;
        return !candidate.Profile.IsPerson && wordNet.GetSynset(candidate.Profile.Offset).Words.Any(w => w.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static bool NamesDirectly(Candidate candidate, string lemma)
    {
        var head = candidate.Profile.Head;
        return head == lemma || (head.Length >= 4 && lemma.Length >= 4 && (lemma.StartsWith(head, StringComparison.Ordinal) || head.StartsWith(lemma, StringComparison.Ordinal)));
    }

    // When the first-ranked sense reaches no concept (the fur of a leopard, the cloth covering of a skirt),
    // the next sense of equal standing (tagged like it, or untagged like it) that the lemma names directly and
    // that does reach one: the animal, the garment.
    private static Candidate? Placed(Candidate first, List<Candidate> ranked, string lemma) =>
        ranked.Skip(1).FirstOrDefault(c =>
            !c.Proper
            && c.Tagged == first.Tagged
            && NamesDirectly(c, lemma)
            && (c.Tagged || !c.Profile.IsPerson)
            && c.Profile.Concepts.Count > 0);

    private Resolution WithContext(Resolution free, MappingContext context)
    {
        if (!free.IsAmbiguous || context.IsEmpty || SenseCount != 1)
        {
            return free;
        }

        var caption = GlossWords.Of(context.Caption);
        foreach (var word in free.Name.Split(' ', '-'))
        {
            caption.Remove(GlossWords.Stem(word));
        }

        // A tagged first sense that reaches a concept (man, the adult male) moves only for caption words in a
        // later sense's gloss, never for co-occurring concepts alone (a chessman because there is a ball).
        var current = free.Chosen[0];
        var strongPrior = current.Tagged && current.Profile.Concepts.Count > 0;
        var (bestSupport, bestWhy) = Support(current, caption, context);
        Candidate? best = null;
        foreach (var candidate in free.Ranked)
        {
            if (candidate == current || candidate.Proper || (!candidate.Tagged && candidate.Profile.IsPerson))
            {
                continue;
            }

            var (support, why) = Support(candidate, caption, context);
            if (support > bestSupport && (!strongPrior || why.Contains("caption", StringComparison.Ordinal)))
            {
                (best, bestSupport, bestWhy) = (candidate, support, why);
            }
        }

        if (best is null)
        {
            return free;
        }

        var resolution = free with { Chosen = [best] };
        var reason = $"{LemmaReason(free.Lemma!, free.LemmaHow!)}; {best.Profile.Name} instead of {current.Profile.Name}: context agrees ({bestWhy})";
        return resolution with { Result = Build(resolution, reason) };
    }

    private (int Support, string Why) Support(Candidate candidate, HashSet<string> caption, MappingContext context)
    {
        var signature = candidate.Profile.Signature(() => HypernymWords(candidate.Profile.Offset));
        var overlap = caption.Where(signature.Contains).Order(StringComparer.Ordinal).ToList();
        var agreeing = candidate.Profile.Concepts.Where(context.CoOccurring.Contains).ToList();
        var support = overlap.Count + (agreeing.Count > 0 ? 1 : 0);
        var why = new List<string>();
        if (overlap.Count > 0)
        {
            why.Add($"caption words {string.Join(", ", overlap)} in its gloss");
        }

        if (agreeing.Count > 0)
        {
            why.Add($"other objects are {string.Join(", ", ConceptNames(agreeing))}");
        }

        return (support, string.Join("; ", why));
    }

    private IEnumerable<string> HypernymWords(long offset)
    {
        var synset = wordNet.GetSynset(offset);
        foreach (var word in synset.Words)
        {
            yield return word;
        }

        foreach (var parent in synset.Hypernyms.Concat(synset.InstanceHypernyms))
        {
            foreach (var word in wordNet.GetSynset(parent).Words)
            {
                yield return word;
            }
        }
    }

    private static string LemmaReason(string lemma, string how) => how switch
    {
        "word" or "collocation" => $"lemma {lemma}",
        "head noun" => $"lemma {lemma} (head noun; WordNet lacks the whole name)",
        "hyphen" => $"lemma {lemma} (hyphens read as spaces)",
        "joined" => $"lemma {lemma} (the words written together)",
        "run-together" => $"lemma {lemma} (run-together compound)",
        _ => $"lemma {lemma} (head of a run-together compound)",
    };

    private static string RankReason(Candidate chosen, List<Candidate> candidates)
    {
        var number = chosen.Index + 1;
        if (chosen.Index == 0)
        {
            return candidates.Count == 1 ? $"{chosen.Profile.Name}, its only sense" : $"{chosen.Profile.Name}, its most frequent sense";
        }

        var skipped = candidates.Take(chosen.Index).Select(c =>
        {
            var why = !c.Profile.IsPhysical ? "abstraction"
                : c.Profile.IsInformal ? "informal"
                : c.Proper && !chosen.Proper ? "proper name"
                : !c.Tagged && c.Profile.IsPerson ? "untagged person sense"
                : !c.Tagged && chosen.Tagged ? "untagged"
                : "ranked lower";
            return $"{c.Index + 1} {why}";
        });
        return $"{chosen.Profile.Name} (sense {number} of {candidates.Count}; passed over {string.Join(", ", skipped)})";
    }

    private SenseProfile Profile(long offset) => profiles.GetOrAdd(offset, o =>
    {
        var synset = wordNet.GetSynset(o);
        var ancestors = wordNet.GetAncestors(o);
        return new SenseProfile(
            o,
            wordNet.NameOf(o),
            synset.Head.ToLowerInvariant(),
            synset.Gloss,
            ancestors.Contains(physicalEntity),
            synset.InstanceHypernyms.Count > 0,
            ancestors.Contains(person),
            ConceptsOfSense(o).ToList());
    });

    private SortedSet<int> ConceptsOfSense(long sense)
    {
        var reached = new SortedSet<int>();
        foreach (var ancestor in wordNet.GetAncestors(sense))
        {
            if (anchorConcepts.TryGetValue(ancestor, out var concepts))
            {
                reached.UnionWith(concepts);
            }
        }

        var all = reached.ToHashSet();
        reached.RemoveWhere(c => yieldsTo[c].Any(all.Contains));
        return reached;
    }

    // Breadth-first from a sense up its hypernyms to the nearest anchor of the concept.
    private List<long>? PathTo(long start, int concept)
    {
        var parent = new Dictionary<long, long> { [start] = -1 };
        var queue = new Queue<long>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (anchorConcepts.TryGetValue(current, out var concepts) && concepts.Contains(concept))
            {
                var path = new List<long>();
                for (var at = current; at != -1; at = parent[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            var synset = wordNet.GetSynset(current);
            foreach (var next in synset.Hypernyms.Concat(synset.InstanceHypernyms))
            {
                if (parent.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private long Resolve(string sense, string key)
    {
        try
        {
            return wordNet.ResolveSense(sense);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{Catalog.Source}: {key}: {e.Message}", e);
        }
    }

    private sealed record Candidate(SenseProfile Profile, int Index, bool Tagged, bool Proper);

    private sealed record Resolution(
        string Name,
        string? Lemma,
        string? LemmaHow,
        IReadOnlyList<Candidate> Candidates,
        IReadOnlyList<Candidate> Ranked,
        IReadOnlyList<Candidate> Chosen,
        string? OverrideKey)
    {
        public ObjectConcepts Result { get; init; } = null!;

        // More than one sense could be followed, with different concepts: context may change the choice.
        public bool IsAmbiguous => Ranked.Count > 1 && Ranked.Skip(1).Any(c => !c.Profile.Concepts.SequenceEqual(Chosen[0].Profile.Concepts));

        public static Resolution Fixed(ObjectConcepts result, string? how = null, string? overrideKey = null) =>
            new(result.Object, result.Lemma, how, [], [], [], overrideKey) { Result = result };
    }
}
