using DataPlatform.Core;
using DataPlatform.Testing;
using DataPlatform.Training.Generation;

namespace DataPlatform.Training.Tests.Generation;

public class RunReferenceTests
{
    [Fact]
    public void An_existing_folder_is_used_as_it_is()
    {
        using var dir = new TempDirectory();
        Assert.Equal(dir.Path, RunReference.Resolve(dir.Path, lake: "/nonexistent-lake"));
    }

    [Fact]
    public void A_name_resolves_to_the_run_under_the_lake()
    {
        using var dir = new TempDirectory();
        var runFolder = Directory.CreateDirectory(dir.Combine("lake", "runs", "shapes-a")).FullName;
        Assert.Equal(runFolder, RunReference.Resolve("shapes-a", dir.Combine("lake")));
    }

    [Fact]
    public void A_missing_run_fails_naming_where_it_looked()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidInputException>(() => RunReference.Resolve("nope", dir.Combine("lake")));
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains(dir.Combine("lake", "runs", "nope"), ex.Message);
    }

    [Theory]
    [InlineData("/r/run/checkpoints/step-00000010", "/r/run")]
    [InlineData("/r/loose-checkpoint", "/r")]
    public void Outputs_of_a_checkpoint_go_to_its_run_folder_or_beside_it(string checkpoint, string expected)
    {
        Assert.Equal(expected, RunReference.RunOf(checkpoint));
    }
}
