using DataPlatform.Core;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

/// <summary>
/// The store against an s3rver of its own that the test kills (SIGKILL, by process id) and restarts
/// on the same port and data folder.
/// </summary>
public sealed class S3ServerCrashTests : IDisposable
{
    private const long MiB = S3LakeOptions.MiB;
    private readonly TempDirectory _data = new("dp-s3rver-data");
    private readonly S3rverProcess _server;

    public S3ServerCrashTests()
    {
        _server = S3rverProcess.Start(_data.Path);
    }

    [Fact]
    public async Task Server_killed_mid_multipart_upload_fails_the_put_clearly_and_leaves_no_object()
    {
        using var store = S3TestLake.Store(_server.Endpoint, _server.AccessKey, _server.SecretKey,
            o => o with { MultipartThresholdBytes = 5 * MiB, PartSizeBytes = 5 * MiB });
        var survivor = S3TestLake.Bytes(1000, seed: 1);
        await store.PutAsync("_commits/run-00001.json", new MemoryStream(survivor));
        // Parts 1 and 2 go up; the source then stalls inside part 3 while the server is killed.
        var data = S3TestLake.Bytes((int)(15 * MiB) + 1234, seed: 2);
        var source = new GatedStream(data, pauseAt: (int)(10 * MiB) + 100);
        const string key = "shards/bucket=256x256/run-00002.parquet";

        var put = store.PutAsync(key, source);
        await source.Paused.WaitAsync(TimeSpan.FromMinutes(1));
        _server.Kill();
        source.Release();
        var e = await Assert.ThrowsAsync<DataPlatformException>(() => put);

        Assert.True(e.IsTransient, "a dead server is worth retrying later");
        Assert.Contains(key, e.Message);
        Assert.Contains(_server.Endpoint, e.Message);
        Assert.Contains("multipart part 3", e.Message);
        Assert.Contains("after 3 attempts", e.Message);
        Assert.Contains("could not be aborted", e.Message);
        _server.Restart();
        Assert.Null(await store.StatAsync(key));
        Assert.DoesNotContain(await S3TestLake.ListAllAsync(store, "shards/"), o => o.Key == key);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(key));
        Assert.Equal(survivor, await S3TestLake.ReadAllAsync(store, "_commits/run-00001.json"));
    }

    [Fact]
    public async Task Put_after_a_crash_and_restart_stores_the_whole_object()
    {
        using var store = S3TestLake.Store(_server.Endpoint, _server.AccessKey, _server.SecretKey,
            o => o with { MultipartThresholdBytes = 5 * MiB, PartSizeBytes = 5 * MiB });
        var data = S3TestLake.Bytes((int)(10 * MiB) + 7, seed: 3);
        var source = new GatedStream(data, pauseAt: (int)(6 * MiB));
        var put = store.PutAsync("k.bin", source);
        await source.Paused.WaitAsync(TimeSpan.FromMinutes(1));
        _server.Kill();
        source.Release();
        await Assert.ThrowsAsync<DataPlatformException>(() => put);
        _server.Restart();

        await store.PutAsync("k.bin", new MemoryStream(data));

        Assert.Equal(data, await S3TestLake.ReadAllAsync(store, "k.bin"));
    }

    [Fact]
    public async Task Put_retries_while_the_server_is_down_and_succeeds_once_it_is_back()
    {
        using var store = S3TestLake.Store(_server.Endpoint, _server.AccessKey, _server.SecretKey, o => o with
        {
            MaxAttempts = 20,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromSeconds(1), // at least ~8 s of retries: a restart under load takes seconds
        });
        var data = S3TestLake.Bytes(4096, seed: 4);
        _server.Kill();

        var put = store.PutAsync("late.json", new MemoryStream(data));
        await Task.Delay(300);
        Assert.False(put.IsCompleted, "the put must still be retrying while the server is down");
        _server.Restart();
        await put.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(data, await S3TestLake.ReadAllAsync(store, "late.json"));
    }

    [Fact]
    public async Task Reads_and_lists_against_a_dead_server_fail_as_transient_after_bounded_attempts()
    {
        using var store = S3TestLake.Store(_server.Endpoint, _server.AccessKey, _server.SecretKey);
        _server.Kill();

        var get = await Assert.ThrowsAsync<DataPlatformException>(() => store.OpenReadAsync("x.parquet"));
        var list = await Assert.ThrowsAsync<DataPlatformException>(() => S3TestLake.ListAllAsync(store, "shards/"));

        Assert.True(get.IsTransient);
        Assert.Contains("S3 get of 'x.parquet'", get.Message);
        Assert.Contains("after 3 attempts", get.Message);
        Assert.True(list.IsTransient);
        Assert.Contains("S3 list of 'shards/'", list.Message);
    }

    public void Dispose()
    {
        _server.Dispose();
        _data.Dispose();
    }
}
