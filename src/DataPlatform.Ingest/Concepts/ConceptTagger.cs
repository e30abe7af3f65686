namespace DataPlatform.Ingest.Concepts;

/// <summary>
/// Finds vocabulary concepts in a caption: the caption is split into lower-case words (letters and
/// digits), each word is folded to a singular vocabulary word where one exists (<c>circles</c>,
/// <c>crosses</c>, <c>berries</c>), and the longest vocabulary phrase starting at each word is taken.
/// The result is sorted (ordinal) and distinct.
/// </summary>
public sealed class ConceptTagger(ConceptVocabulary vocabulary)
{
    public IReadOnlyList<string> Tag(string caption)
    {
        var words = Words(caption).Select(FoldPlural).ToArray();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            for (var n = Math.Min(vocabulary.MaxPhraseWords, words.Length - i); n >= 1; n--)
            {
                var phrase = n == 1 ? words[i] : string.Join(' ', words, i, n);
                if (!vocabulary.Phrases.TryGetValue(phrase, out var term)) continue;
                found.Add(term);
                i += n - 1;
                break;
            }
        }
        return [.. found];
    }

    /// <summary>The word itself if the vocabulary knows it, else the first known singular form, else the word.</summary>
    private string FoldPlural(string word)
    {
        if (vocabulary.Words.Contains(word)) return word;
        foreach (var candidate in Singulars(word))
        {
            if (vocabulary.Words.Contains(candidate)) return candidate;
        }
        return word;
    }

    private static IEnumerable<string> Singulars(string word)
    {
        if (word.Length > 3 && word.EndsWith("ies", StringComparison.Ordinal)) yield return word[..^3] + "y";
        if (word.Length > 2 && word.EndsWith("es", StringComparison.Ordinal)) yield return word[..^2];
        if (word.Length > 1 && word.EndsWith('s')) yield return word[..^1];
    }

    /// <summary>Lower-case runs of letters and digits (apostrophes dropped).</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '\u2019') continue;
            else if (current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
