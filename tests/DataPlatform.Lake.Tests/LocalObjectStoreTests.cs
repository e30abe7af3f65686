using System.Text;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

public class LocalObjectStoreTests
{
    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("shards/../../etc/passwd", "'..'")]
    [InlineData("shards/./x.parquet", "'.'")]
    [InlineData("shards\\x.parquet", "'\\'")]
    [InlineData("C:/lake/x", "':'")]
    [InlineData("shards//x.parquet", "empty segments")]
    [InlineData("shards/", "empty segments")]
    [InlineData("shards/.hidden", "must not start with '.'")]
    [InlineData("a\u0000b", "control characters")]
    public void Invalid_keys_are_refused_with_the_rule_they_break(string key, string rule)
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        var ex = Assert.Throws<ArgumentException>(() => store.TryGetLocalPath(key));
        Assert.Contains(rule, ex.Message);
        Assert.Contains($"'{key}'", ex.Message);
    }

    [Fact]
    public async Task Put_then_read_returns_the_content_and_list_is_in_ordinal_order()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        foreach (var key in new[] { "b/z.txt", "b/a.txt", "B/x.txt", "a.txt", "b/a/deep.txt" })
        {
            await store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)));
        }

        var listed = await store.ListAsync("").Select(i => i.Key).ToListAsync();
        Assert.Equal(["B/x.txt", "a.txt", "b/a.txt", "b/a/deep.txt", "b/z.txt"], listed);
        Assert.Equal(["b/a.txt", "b/a/deep.txt"], await store.ListAsync("b/a").Select(i => i.Key).ToListAsync());
        Assert.Empty(await store.ListAsync("nothing/here/").ToListAsync());

        await using var stream = await store.OpenReadAsync("b/a/deep.txt");
        Assert.Equal("b/a/deep.txt", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(12, (await store.StatAsync("b/a/deep.txt"))!.Size);
    }

    [Fact]
    public async Task Put_replaces_an_existing_object_whole()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        await store.PutAsync("x.bin", new MemoryStream(new byte[1000]));
        await store.PutAsync("x.bin", new MemoryStream([1, 2, 3]));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(store.TryGetLocalPath("x.bin")!));
        Assert.Empty(await store.ListTempObjectsAsync("").ToListAsync());
    }

    [Fact]
    public async Task A_put_that_fails_midway_leaves_neither_the_object_nor_a_temp_file()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("shards/x.parquet", new FailingStream(bytesBeforeFailure: 100_000)));
        Assert.Null(await store.StatAsync("shards/x.parquet"));
        Assert.Empty(await store.ListTempObjectsAsync("").ToListAsync());
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Temp_files_are_not_objects_but_are_listed_as_temps()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        await store.PutAsync("shards/a.parquet", new MemoryStream([1]));
        var leftover = Path.Combine(folder.Path, "shards", ".b.parquet.tmp-0123456789abcdef");
        await File.WriteAllBytesAsync(leftover, [1, 2]);

        Assert.Equal(["shards/a.parquet"], await store.ListAsync("shards/").Select(i => i.Key).ToListAsync());
        var temp = Assert.Single(await store.ListTempObjectsAsync("").ToListAsync());
        Assert.Equal("shards/.b.parquet.tmp-0123456789abcdef", temp.Key);
        Assert.Equal(2, temp.Size);

        await store.DeleteTempObjectAsync(temp.Key);
        Assert.False(File.Exists(leftover));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteTempObjectAsync("shards/a.parquet"));
    }

    [Fact]
    public async Task Reading_a_missing_object_names_it_and_deleting_it_is_not_an_error()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        var ex = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("_commits/none.json"));
        Assert.Contains("_commits/none.json", ex.Message);
        Assert.Null(await store.StatAsync("_commits/none.json"));
        await store.DeleteAsync("_commits/none.json");
        await store.DeleteAsync("no/such/folder.json");
    }

    [Fact]
    public void Open_gives_a_local_store_for_a_path_and_a_clear_error_for_s3()
    {
        using var folder = new TempDirectory();
        Assert.IsType<LocalObjectStore>(ObjectStores.Open(folder.Combine("new-lake")));
        Assert.True(Directory.Exists(folder.Combine("new-lake")));

        var s3 = Assert.Throws<LakeLocationNotSupportedException>(() => ObjectStores.Open("s3://bucket/prefix"));
        Assert.Contains("issue 7", s3.Message);
        Assert.Equal(ExitCodes.Usage, s3.ExitCode);
        Assert.Contains("unknown scheme 'ftp://'", Assert.Throws<LakeLocationNotSupportedException>(() => ObjectStores.Open("ftp://x/y")).Message);

        var missing = Assert.Throws<InvalidInputException>(() => ObjectStores.Open(folder.Combine("absent"), create: false));
        Assert.Contains("does not exist", missing.Message);
        Assert.False(Directory.Exists(folder.Combine("absent")));
    }

    /// <summary>A source stream that fails with an I/O error after some bytes, like a source disk going away.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _left = bytesBeforeFailure;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0) throw new IOException("source went away");
            var n = Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
