using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

[Collection(S3Collection.Name)]
public sealed class S3ObjectStoreTests(S3ServerFixture server)
{
    private const long MiB = S3LakeOptions.MiB;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task Put_then_read_returns_the_same_bytes_in_a_single_put(int length)
    {
        using var store = S3TestLake.Store(server);
        var data = S3TestLake.Bytes(length, seed: length);

        await store.PutAsync("shards/bucket=256x256/run-00001.parquet", new MemoryStream(data));

        Assert.Equal(data, await S3TestLake.ReadAllAsync(store, "shards/bucket=256x256/run-00001.parquet"));
    }

    [Fact]
    public async Task Put_above_the_threshold_goes_multipart_and_reads_back_identically()
    {
        // 5 MiB parts, threshold 1 MiB: 11 MiB + 3 bytes is three parts, the last one short.
        using var store = S3TestLake.Store(server, o => o with { MultipartThresholdBytes = 1 * MiB, PartSizeBytes = 5 * MiB });
        var data = S3TestLake.Bytes((int)(11 * MiB) + 3, seed: 11);

        await store.PutAsync("big.bin", new NonSeekableStream(data));

        var info = await store.StatAsync("big.bin");
        Assert.NotNull(info);
        Assert.Equal(data.Length, info.Size);
        Assert.Equal(data, await S3TestLake.ReadAllAsync(store, "big.bin"));
    }

    [Fact]
    public async Task Put_of_exactly_one_part_above_the_threshold_reads_back_identically()
    {
        using var store = S3TestLake.Store(server, o => o with { MultipartThresholdBytes = 1 * MiB, PartSizeBytes = 5 * MiB });
        var data = S3TestLake.Bytes((int)(5 * MiB), seed: 5);

        await store.PutAsync("one-part.bin", new MemoryStream(data));

        Assert.Equal(data, await S3TestLake.ReadAllAsync(store, "one-part.bin"));
    }

    [Fact]
    public async Task Read_of_an_object_above_the_memory_limit_gives_a_seekable_temp_file_that_is_deleted_on_close()
    {
        using var temp = new TempDirectory();
        using var store = S3TestLake.Store(server, o => o with { MaxInMemoryReadBytes = 1000, TempDirectory = temp.Path });
        var data = S3TestLake.Bytes(5000, seed: 3);
        await store.PutAsync("k", new MemoryStream(data));

        await using (var stream = await store.OpenReadAsync("k"))
        {
            Assert.IsType<FileStream>(stream);
            Assert.True(stream.CanSeek, "Parquet readers need seekable streams");
            stream.Seek(-10, SeekOrigin.End);
            var tail = new byte[10];
            stream.ReadExactly(tail);
            Assert.Equal(data[^10..], tail);
            Assert.Single(Directory.GetFiles(temp.Path));
        }

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Put_replaces_an_existing_object_whole()
    {
        using var store = S3TestLake.Store(server);
        await store.PutAsync("k", new MemoryStream(S3TestLake.Bytes(1000, 1)));
        var second = S3TestLake.Bytes(10, 2);

        await store.PutAsync("k", new MemoryStream(second));

        Assert.Equal(second, await S3TestLake.ReadAllAsync(store, "k"));
    }

    [Fact]
    public async Task List_pages_through_more_objects_than_a_page_in_ordinal_order_under_the_prefix_only()
    {
        using var store = S3TestLake.Store(server, o => o with { ListPageSize = 3 });
        var keys = Enumerable.Range(0, 10).Select(i => $"_commits/run-{9 - i:D5}.json").ToList();
        foreach (var k in keys) await store.PutAsync(k, new MemoryStream([1, 2, 3]));
        await store.PutAsync("_commitsX/other.json", new MemoryStream([1]));
        await store.PutAsync("shards/a.parquet", new MemoryStream([1, 2]));

        var listed = await S3TestLake.ListAllAsync(store, "_commits/");

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(3, o.Size));
        Assert.Equal(12, (await S3TestLake.ListAllAsync(store, "")).Count);
        Assert.Equal(["_commitsX/other.json"], (await S3TestLake.ListAllAsync(store, "_commitsX")).Select(o => o.Key));
    }

    [Fact]
    public async Task List_of_a_prefix_with_no_objects_is_empty()
    {
        using var store = S3TestLake.Store(server);

        Assert.Empty(await S3TestLake.ListAllAsync(store, "nothing/"));
    }

    [Fact]
    public async Task Stat_reports_size_and_a_recent_time_and_null_for_a_missing_key()
    {
        using var store = S3TestLake.Store(server);
        await store.PutAsync("a/b.json", new MemoryStream(new byte[42]));

        var info = await store.StatAsync("a/b.json");

        Assert.NotNull(info);
        Assert.Equal("a/b.json", info.Key);
        Assert.Equal(42, info.Size);
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Null(await store.StatAsync("a/missing.json"));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_deleting_a_missing_one_is_not_an_error()
    {
        using var store = S3TestLake.Store(server);
        await store.PutAsync("gone.bin", new MemoryStream([1]));

        await store.DeleteAsync("gone.bin");
        await store.DeleteAsync("gone.bin");

        Assert.Null(await store.StatAsync("gone.bin"));
        Assert.Empty(await S3TestLake.ListAllAsync(store, "gone"));
    }

    [Fact]
    public async Task Reading_a_missing_key_throws_object_not_found_naming_key_and_root()
    {
        using var store = S3TestLake.Store(server);

        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("shards/none.parquet"));

        Assert.Contains("shards/none.parquet", e.Message);
        Assert.Contains(store.Root, e.Message);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_clear_non_transient_error()
    {
        var options = S3TestLake.Options(server.Endpoint, server.AccessKey, server.SecretKey);
        using var store = new S3ObjectStore(S3Location.Parse("s3://dp-no-such-bucket/lake"), options);

        var e = await Assert.ThrowsAsync<Core.DataPlatformException>(() => store.PutAsync("k", new MemoryStream([1])));

        Assert.False(e.IsTransient);
        Assert.Contains("NoSuchBucket", e.Message);
        Assert.Contains(server.Endpoint, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("dir/")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    public async Task Invalid_keys_are_refused_before_any_request(string key)
    {
        using var store = S3TestLake.Store(server);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.StatAsync(key));
    }

    [Fact]
    public void Store_is_not_local()
    {
        using var store = S3TestLake.Store(server);

        Assert.Null(store.TryGetLocalPath("shards/x.parquet"));
        Assert.StartsWith($"s3://{S3TestLake.Bucket}/t-", store.Root);
    }

    /// <summary>Hides seekability, as a network or pipe source would.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}

[Collection(S3Collection.Name)]
public sealed class S3CancellationTests(S3ServerFixture server)
{
    [Fact]
    public async Task Cancelling_a_multipart_put_midway_throws_cancelled_and_leaves_no_object()
    {
        using var store = S3TestLake.Store(server, o => o with { MultipartThresholdBytes = 5 * S3LakeOptions.MiB, PartSizeBytes = 5 * S3LakeOptions.MiB });
        var source = new GatedStream(S3TestLake.Bytes((int)(12 * S3LakeOptions.MiB), 9), pauseAt: (int)(7 * S3LakeOptions.MiB));
        using var cts = new CancellationTokenSource();

        var put = store.PutAsync("cancelled.bin", source, cts.Token);
        await source.Paused.WaitAsync(TimeSpan.FromMinutes(1));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.Null(await store.StatAsync("cancelled.bin"));
    }
}
