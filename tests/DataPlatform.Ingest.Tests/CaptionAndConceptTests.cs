using System.Text;
using DataPlatform.Core;
using DataPlatform.Ingest.Captions;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Sources;

namespace DataPlatform.Ingest.Tests;

public sealed class CaptionAndConceptTests
{
    private static readonly CaptionValidator Validator = new(20);

    private static string Validate(string text) => Validator.Validate(new RawCaption(Encoding.UTF8.GetBytes(text), false, "txt"), "x");

    [Theory]
    [InlineData("  a   red\tcircle \n", "a red circle")]
    [InlineData("\uFEFFa star", "a star")]
    [InlineData("a\u0000b\u0007c", "abc")]
    [InlineData("café ✓", "café ✓")]
    public void Captions_are_normalised(string input, string expected) => Assert.Equal(expected, Validate(input));

    [Fact]
    public void Caption_over_the_cap_is_refused_with_its_length()
    {
        var ex = Assert.Throws<ItemRejectedException>(() => Validate(new string('a', 21)));
        Assert.Equal(RejectReason.CaptionTooLong, ex.Reason);
        Assert.Contains("21 characters, the cap is 20", ex.Message);
    }

    [Fact]
    public void Truncated_caption_read_is_refused_as_too_long()
    {
        var ex = Assert.Throws<ItemRejectedException>(() => Validator.Validate(new RawCaption([0x61], true, "txt"), "x"));
        Assert.Equal(RejectReason.CaptionTooLong, ex.Reason);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_offset()
    {
        var ex = Assert.Throws<ItemRejectedException>(() => Validator.Validate(new RawCaption([0x61, 0xC3, 0x28], false, "txt"), "x"));
        Assert.Equal(RejectReason.InvalidCaptionEncoding, ex.Reason);
    }

    [Theory]
    [InlineData("Three red Circles above two BLUE squares", new[] { "above", "blue", "circle", "red", "square", "three", "two" })]
    [InlineData("a small purple star to the left of a large yellow cross", new[] { "cross", "large", "left of", "purple", "small", "star", "yellow" })]
    [InlineData("crosses and hexagons right of the grey diamonds", new[] { "cross", "diamond", "gray", "hexagon", "right of" })]
    [InlineData("the left side of a pentagon", new[] { "pentagon" })] // phrases must be contiguous
    [InlineData("nothing to see", new string[0])]
    public void Concepts_fold_case_plurals_and_aliases_and_come_sorted_distinct(string caption, string[] expected)
    {
        var tagger = new ConceptTagger(ConceptVocabulary.Default());
        Assert.Equal(expected, tagger.Tag(caption));
    }

    [Fact]
    public void Custom_vocabulary_file_defines_terms_aliases_and_phrases()
    {
        var vocabulary = ConceptVocabulary.Parse("# animals\ndog | puppy\nfire truck\n", "test");
        var tagger = new ConceptTagger(vocabulary);
        Assert.Equal(["dog", "fire truck"], tagger.Tag("Two puppies chase Fire Trucks; a dog barks"));
    }

    [Fact]
    public void Vocabulary_with_a_conflicting_alias_is_refused_naming_the_line()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ConceptVocabulary.Parse("red\nblue | red\n", "v.txt"));
        Assert.Contains("v.txt line 2", ex.Message);
    }
}
