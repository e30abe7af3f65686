using DataPlatform.Core;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Demo;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

/// <summary>The whole job as <c>dp ingest</c> runs it, over the generated demo dataset.</summary>
public sealed class IngestJobTests
{
    [Fact]
    public async Task Demo_dataset_ingests_every_good_pair_and_refuses_each_hostile_file_with_its_reason()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("demo");
        DemoDataset.Write(source, 40, new Random(5));
        var lake = ObjectStores.Open(temp.Combine("lake"));

        var summary = await IngestJob.RunAsync(new SourceOptions { Path = source }, lake, IngestHarness.SmallOptions,
            ConceptVocabulary.Default(), new LakeWriterOptions(), TimeProvider.System, new Random(1));

        Assert.Equal(46, summary.Inputs);
        Assert.Equal(40, summary.Accepted + summary.DuplicatesInRun);
        Assert.Equal(new Dictionary<RejectReason, long>
        {
            [RejectReason.EmptyFile] = 1, [RejectReason.UnknownFormat] = 1, [RejectReason.TooManyPixels] = 1,
            [RejectReason.CorruptImage] = 1, [RejectReason.MissingCaption] = 1, [RejectReason.InvalidCaptionEncoding] = 1,
        }, summary.RejectedByReason);
        Assert.True(summary.Reconciles);
        var reader = new LakeReader(lake);
        var stored = new List<SampleRecord>();
        await foreach (var s in reader.ReadAllSamplesAsync(includeImage: false)) stored.Add(s);
        Assert.Equal(summary.Accepted, stored.Count);
        Assert.All(stored, s => Assert.NotEmpty(s.Concepts));
    }

    [Fact]
    public async Task Missing_source_fails_with_bad_input_before_the_lake_is_touched()
    {
        using var temp = new TempDirectory();
        var lakeDir = temp.Combine("lake");
        var lake = new LocalObjectStore(lakeDir);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => IngestJob.RunAsync(
            new SourceOptions { Path = temp.Combine("no-such-folder"), Kind = SourceKind.Folder }, lake, IngestHarness.SmallOptions,
            ConceptVocabulary.Default(), new LakeWriterOptions(), TimeProvider.System, new Random(1)));
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.Contains("no-such-folder", ex.Message);
        Assert.Empty(await new LakeReader(lake).ListCommitsAsync());
    }

    [Fact]
    public async Task Invalid_options_are_all_reported_before_anything_runs()
    {
        using var temp = new TempDirectory();
        var ex = await Assert.ThrowsAsync<ConfigException>(() => IngestJob.RunAsync(
            new SourceOptions { Path = temp.Path, CaptionColumn = "" }, new LocalObjectStore(temp.Combine("lake")),
            new IngestOptions { Workers = 0, MaxCaptionChars = 0 }, ConceptVocabulary.Default(), new LakeWriterOptions(), TimeProvider.System, new Random(1)));
        Assert.Equal(3, ex.Errors.Count);
    }
}
