using DataPlatform.Core;

namespace DataPlatform.Ingest.Concepts;

/// <summary>
/// A vocabulary of concept terms (words or phrases) with aliases, read from a text file: one concept
/// per line, <c>term | alias | alias</c>, <c>#</c> comments. Terms are lower-cased; plural folding
/// happens at match time (<see cref="ConceptTagger"/>), so the file lists singular forms.
/// </summary>
public sealed class ConceptVocabulary
{
    private ConceptVocabulary(IReadOnlyDictionary<string, string> phrases)
    {
        Phrases = phrases;
        Words = phrases.Keys.SelectMany(p => p.Split(' ')).ToHashSet(StringComparer.Ordinal);
        MaxPhraseWords = phrases.Keys.Max(p => p.Split(' ').Length);
    }

    /// <summary>Every surface phrase (term or alias, words joined by one space) to its stored term.</summary>
    public IReadOnlyDictionary<string, string> Phrases { get; }

    /// <summary>Every word that occurs in some phrase, used for plural folding.</summary>
    public IReadOnlySet<string> Words { get; }

    public int MaxPhraseWords { get; }

    /// <summary>The vocabulary shipped with the project (colours, shapes, sizes, counts, spatial relations).</summary>
    public static ConceptVocabulary Default()
    {
        using var stream = typeof(ConceptVocabulary).Assembly.GetManifestResourceStream("DataPlatform.Ingest.default-vocabulary.txt")
            ?? throw new InvalidOperationException("the default vocabulary resource is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "default vocabulary");
    }

    public static ConceptVocabulary Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"vocabulary file '{path}' does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    public static ConceptVocabulary Parse(string text, string where)
    {
        var phrases = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var forms = line.Split('|').Select(Fold).ToArray();
            if (forms.Any(f => f.Length == 0))
                throw new InvalidInputException($"{where} line {lineNumber}: empty term or alias in '{line}'");
            foreach (var form in forms)
            {
                if (phrases.TryGetValue(form, out var existing) && existing != forms[0])
                    throw new InvalidInputException($"{where} line {lineNumber}: '{form}' already maps to '{existing}'");
                phrases[form] = forms[0];
            }
        }
        if (phrases.Count == 0) throw new InvalidInputException($"{where} holds no concept terms");
        return new ConceptVocabulary(phrases);
    }

    /// <summary>Lower-case words of a term joined by single spaces.</summary>
    private static string Fold(string term) =>
        string.Join(' ', ConceptTagger.Words(term));
}
