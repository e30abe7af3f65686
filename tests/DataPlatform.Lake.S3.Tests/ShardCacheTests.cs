using System.Security.Cryptography;
using DataPlatform.Core;
using DataPlatform.Lake.Caching;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

/// <summary><see cref="ShardCache"/> over shards stored on a real s3rver.</summary>
[Collection(S3Collection.Name)]
public sealed class ShardCacheTests(S3ServerFixture server)
{
    private static async Task<CommitRecord> PutShardAsync(IObjectStore store, int seq, byte[] bytes)
    {
        var shard = $"shards/bucket=64x64/r1-{seq:D4}.parquet";
        await store.PutAsync(shard, new MemoryStream(bytes));
        return new CommitRecord
        {
            Kind = LakeLayout.SampleKind, Shard = shard, Run = "r1", Seq = seq, BucketH = 64, BucketW = 64,
            RowCount = 1, ByteSize = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            SchemaVersion = 1, CommittedAt = DateTimeOffset.UnixEpoch,
        };
    }

    [Fact]
    public async Task A_remote_shard_is_downloaded_once_and_then_served_from_the_cache()
    {
        using var dir = new TempDirectory();
        using var s3 = S3TestLake.Store(server);
        var store = new InstrumentedObjectStore(s3);
        var bytes = S3TestLake.Bytes(50_000, seed: 1);
        var commit = await PutShardAsync(s3, 1, bytes);

        var first = await new ShardCache(store, new ShardCacheOptions(dir.Path)).GetLocalPathAsync(commit);
        var readAfterFirst = store.BytesRead(commit.Shard);
        var second = await new ShardCache(store, new ShardCacheOptions(dir.Path)).GetLocalPathAsync(commit);

        Assert.Equal(bytes.Length, readAfterFirst);
        Assert.Equal(first, second);
        Assert.Equal(readAfterFirst, store.BytesRead(commit.Shard));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(second));
        Assert.Equal([Path.GetFileName(first)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_shard_whose_bytes_do_not_match_its_commit_record_is_refused_and_not_cached()
    {
        using var dir = new TempDirectory();
        using var store = S3TestLake.Store(server);
        var commit = await PutShardAsync(store, 1, S3TestLake.Bytes(1000, seed: 2));
        var tampered = commit with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(S3TestLake.Bytes(1000, seed: 3))) };
        var resized = commit with { ByteSize = 999 };
        var cache = new ShardCache(store, new ShardCacheOptions(dir.Path));

        var badHash = await Assert.ThrowsAsync<InvalidInputException>(() => cache.GetLocalPathAsync(tampered));
        var badSize = await Assert.ThrowsAsync<InvalidInputException>(() => cache.GetLocalPathAsync(resized));

        Assert.Contains(commit.Shard, badHash.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", badHash.Message, StringComparison.Ordinal);
        Assert.Contains(commit.Shard, badSize.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Least_recently_used_files_are_evicted_to_stay_under_the_cap_but_pinned_files_stay()
    {
        using var dir = new TempDirectory();
        using var store = S3TestLake.Store(server);
        var commits = new List<CommitRecord>();
        for (var i = 1; i <= 4; i++) commits.Add(await PutShardAsync(store, i, S3TestLake.Bytes(1000, seed: 10 + i)));
        var options = new ShardCacheOptions(dir.Path, MaxBytes: 2500);

        // An earlier session cached shards 1 and 2 (1 used last); this session pins 3 and 4.
        var earlier = new ShardCache(store, options);
        var two = await earlier.GetLocalPathAsync(commits[1]);
        File.SetLastWriteTimeUtc(two, DateTime.UtcNow.AddMinutes(-10));
        var one = await earlier.GetLocalPathAsync(commits[0]);
        var session = new ShardCache(store, options);
        var three = await session.GetLocalPathAsync(commits[2]);
        var four = await session.GetLocalPathAsync(commits[3]);

        Assert.False(File.Exists(two), "least recently used goes first");
        Assert.False(File.Exists(one), "then the next, to fit the fourth file");
        Assert.True(File.Exists(three) && File.Exists(four));
        Assert.True(Directory.GetFiles(dir.Path).Sum(f => new FileInfo(f).Length) <= options.MaxBytes);
    }

    [Fact]
    public async Task A_session_keeps_its_own_files_even_when_they_exceed_the_cap()
    {
        using var dir = new TempDirectory();
        using var store = S3TestLake.Store(server);
        var a = await PutShardAsync(store, 1, S3TestLake.Bytes(1000, seed: 21));
        var b = await PutShardAsync(store, 2, S3TestLake.Bytes(1000, seed: 22));
        var cache = new ShardCache(store, new ShardCacheOptions(dir.Path, MaxBytes: 1500));

        var first = await cache.GetLocalPathAsync(a);
        var second = await cache.GetLocalPathAsync(b);

        Assert.True(File.Exists(first) && File.Exists(second));
    }

    [Fact]
    public async Task A_local_store_returns_its_own_file_and_copies_nothing()
    {
        using var lake = new TempDirectory();
        using var cacheDir = new TempDirectory();
        var store = new LocalObjectStore(lake.Path);
        var commit = await PutShardAsync(store, 1, S3TestLake.Bytes(100, seed: 4));

        var path = await new ShardCache(store, new ShardCacheOptions(cacheDir.Path)).GetLocalPathAsync(commit);

        Assert.Equal(store.TryGetLocalPath(commit.Shard), path);
        Assert.Empty(Directory.GetFiles(cacheDir.Path));
    }

    [Fact]
    public void Options_are_validated_and_the_default_folder_follows_xdg_cache_home()
    {
        var error = Assert.Throws<ConfigException>(() => new ShardCache(new LocalObjectStore(Path.GetTempPath()), new ShardCacheOptions("", MaxBytes: 0)));

        Assert.Contains("shard_cache.max_bytes must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("shard_cache.folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine("/x/cache", "dataplatform", "shards"), ShardCacheOptions.DefaultFolder(n => n == "XDG_CACHE_HOME" ? "/x/cache" : null));
        Assert.EndsWith(Path.Combine(".cache", "dataplatform", "shards"), ShardCacheOptions.DefaultFolder(_ => null), StringComparison.Ordinal);
    }
}
