using DataPlatform.Core;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class PromptSetTests
{
    [Fact]
    public void Embedded_v1_file_is_exactly_what_the_builder_makes()
    {
        // The file is fixed and versioned; a change of the builder must come with a new version, not a silent edit.
        Assert.Equal(PromptSetBuilder.BuildV1().ToJsonl(), PromptSet.V1().ToJsonl());
    }

    [Fact]
    public void V1_covers_the_six_geneval_tasks_with_a_held_out_split_from_the_default_holdout()
    {
        var set = PromptSet.V1();
        Assert.Equal(PromptTags.All.Order(), set.Prompts.Select(p => p.Tag).Distinct().Order());
        foreach (var p in set.Prompts)
        {
            var usesHeldOut = p.Include.Any(o => o.Color is not null && Holdout.Default.Contains(o.Color, ShapeKinds.TryParse(o.Class)!.Value));
            Assert.Equal(usesHeldOut ? PromptSpec.HeldOutSplit : PromptSpec.TrainSplit, p.Split);
        }
        Assert.Equal(25, set.Prompts.Count(p => p.Split == PromptSpec.HeldOutSplit));
        Assert.All(Holdout.Default.Pairs, pair => Assert.Contains(set.Prompts, p => p.Tag == PromptTags.Colors && p.Split == PromptSpec.HeldOutSplit
            && p.Include[0].Color == pair.Colour && p.Include[0].Class == pair.Shape.Name()));
    }

    [Fact]
    public void Prompt_files_with_errors_are_refused_with_the_line()
    {
        var good = PromptSet.V1().ToJsonl().Split('\n')[0];
        var ex = Assert.Throws<InvalidInputException>(() => PromptSet.Parse("p.jsonl", good + "\n{\"id\":\"x\",\"tag\":\"colors\",\"prompt\":\"a\",\"split\":\"train\",\"include\":[{\"class\":\"blob\",\"count\":1}]}\n"));
        Assert.Contains("p.jsonl line 2", ex.Message);
        Assert.Contains("'blob'", ex.Message);
        var duplicate = Assert.Throws<InvalidInputException>(() => PromptSet.Parse("p.jsonl", good + "\n" + good));
        Assert.Contains("duplicate prompt id", duplicate.Message);
        Assert.Throws<InvalidInputException>(() => PromptSet.Parse("p.jsonl", "{not json"));
    }
}
