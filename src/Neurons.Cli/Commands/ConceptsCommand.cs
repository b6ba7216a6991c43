using System.CommandLine;
using System.Text.Json;
using Neurons.Annotation.Concepts;
using Neurons.Annotation.WordNet;
using Neurons.Engine.Config;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline concepts explain NAME… | --file NAMES.txt [--json]</c>: how object names map to the 51 concepts.</summary>
internal static class ConceptsCommand
{
    // Paths hold '>' and glosses quotes: keep them readable on a terminal (the output is not embedded in HTML).
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("concepts", "Inspect the object-name to concept mapping (wordnet/concepts.yaml, docs/concepts.md).");
        command.Subcommands.Add(CreateExplain());
        return command;
    }

    private static Command CreateExplain()
    {
        var names = new Argument<string[]>("names") { Description = "Object names, as a VLM lists them.", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string?>("--file") { Description = "A file of object names, one a line (blank lines and lines starting with # are skipped)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per name (name, concepts, source, lemma, senses, reason, considered, paths)." };
        var concepts = new Option<string?>("--concepts") { Description = "The concept list (default: the built-in wordnet/concepts.yaml); WordNet is read from its folder when the files are there." };
        var command = new Command("explain", "Print, per name, the senses considered, the path walked and the concepts given.");
        command.Arguments.Add(names);
        command.Options.Add(file);
        command.Options.Add(json);
        command.Options.Add(concepts);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var list = new List<string>(parse.GetValue(names) ?? []);
            if (parse.GetValue(file) is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new ConfigException("command line", "--file", $"{path} does not exist");
                }

                list.AddRange(File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }

            if (list.Count == 0)
            {
                throw new ConfigException("command line", "concepts explain", "give at least one name, or --file NAMES.txt");
            }

            var conceptsFile = parse.GetValue(concepts) ?? ConceptCatalog.BuiltInPath;
            if (!File.Exists(conceptsFile))
            {
                throw new ConfigException("command line", "--concepts", $"{conceptsFile} does not exist");
            }

            ConceptCatalog catalog;
            try
            {
                catalog = ConceptCatalog.Load(conceptsFile);
            }
            catch (FormatException e)
            {
                throw new ConfigException(conceptsFile, "concepts", e.Message);
            }

            var beside = Path.GetDirectoryName(Path.GetFullPath(conceptsFile)) ?? string.Empty;
            using var wordNet = WordNetDatabase.Open(File.Exists(Path.Combine(beside, "data.noun")) ? beside : WordNetDatabase.BuiltInDirectory);
            var mapper = new ConceptMapper(wordNet, catalog);
            var asJson = parse.GetValue(json);
            foreach (var name in list)
            {
                var explanation = mapper.Explain(name);
                Console.Out.Write(asJson
                    ? ConceptExplanationFormat.ToJson(explanation).ToJsonString(JsonOptions) + "\n"
                    : ConceptExplanationFormat.ToText(explanation));
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
