using DataPlatform.Core;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

/// <summary>
/// s3rver stores aws-chunked bodies verbatim (STACK-NOTES S2). With the real-S3 defaults the store must
/// notice that the stored bytes differ from the sent ones, instead of leaving a corrupt object behind.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3ContentCheckTests(S3ServerFixture server)
{
    private const long MiB = S3LakeOptions.MiB;

    private S3ObjectStore ChunkedStore() => S3TestLake.Store(server, o => o with
    {
        UseChunkEncoding = true,
        RequestChecksum = S3RequestChecksum.WhenSupported,
        MultipartThresholdBytes = 5 * MiB,
        PartSizeBytes = 5 * MiB,
    });

    [Fact]
    public async Task A_single_put_that_the_server_stores_differently_is_refused_and_removed()
    {
        using var store = ChunkedStore();

        var e = await Assert.ThrowsAsync<DataPlatformException>(() => store.PutAsync("k.json", new MemoryStream(S3TestLake.Bytes(1000, 1))));

        Assert.False(e.IsTransient);
        Assert.Contains("stored different bytes than were sent", e.Message);
        Assert.Contains("use_chunk_encoding=false", e.Message);
        Assert.Null(await store.StatAsync("k.json"));
    }

    [Fact]
    public async Task A_multipart_put_whose_part_is_stored_differently_is_aborted_and_never_visible()
    {
        using var store = ChunkedStore();

        var e = await Assert.ThrowsAsync<DataPlatformException>(() => store.PutAsync("big.bin", new MemoryStream(S3TestLake.Bytes((int)(6 * MiB), 2))));

        Assert.Contains("part 1", e.Message);
        Assert.Contains("stored different bytes than were sent", e.Message);
        Assert.Null(await store.StatAsync("big.bin"));
    }
}
