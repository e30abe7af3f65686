namespace DataPlatform.Model.Tests;

/// <summary><see cref="ReplicaThreads.RunAll"/>: the parts' threads, and failures that wait for every part.</summary>
public class ReplicaThreadsTests
{
    [Fact]
    public void RunAll_runs_the_first_part_on_the_calling_thread_and_each_other_on_its_own()
    {
        using var threads = new ReplicaThreads(2);
        var ran = new int[3];
        threads.RunAll([.. Enumerable.Range(0, 3).Select(i => (Action)(() => ran[i] = Environment.CurrentManagedThreadId))]);

        Assert.Equal(Environment.CurrentManagedThreadId, ran[0]);
        Assert.Equal(3, ran.Distinct().Count());
    }

    [Fact]
    public void A_failing_part_fails_RunAll_only_after_every_part_is_done()
    {
        using var threads = new ReplicaThreads(1);
        bool otherDone = false;
        var first = Assert.Throws<InvalidOperationException>(() => threads.RunAll(
        [
            () => throw new InvalidOperationException("part 0"),
            () => { Thread.Sleep(200); otherDone = true; },
        ]));
        Assert.Equal("part 0", first.Message);
        Assert.True(otherDone, "RunAll returned while another part still ran");

        var second = Assert.Throws<InvalidOperationException>(() => threads.RunAll([() => { }, () => throw new InvalidOperationException("part 1")]));
        Assert.Equal("part 1", second.Message);

        // both fail: the calling thread's part is the one rethrown, though the other failed first
        var both = Assert.Throws<InvalidOperationException>(() => threads.RunAll(
        [
            () => { Thread.Sleep(200); throw new InvalidOperationException("part 0, later"); },
            () => throw new InvalidOperationException("part 1, first"),
        ]));
        Assert.Equal("part 0, later", both.Message);
    }

    [Theory]
    [InlineData(2, 2, new[] { 1, 1 })]
    [InlineData(16, 2, new[] { 8, 8 })]
    [InlineData(3, 2, new[] { 2, 1 })]  // the remainder to the first parts: no core left idle
    [InlineData(1, 2, new[] { 1, 1 })]  // fewer threads than parts: one each still
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    public void Parts_share_the_torch_threads_evenly_with_the_remainder_first(int threads, int parts, int[] expected)
    {
        Assert.Equal(expected, Enumerable.Range(0, parts).Select(i => ReplicaThreads.TorchThreadsOf(i, parts, threads)).ToArray());
    }

    [Fact]
    public void More_parts_than_threads_are_refused()
    {
        using var threads = new ReplicaThreads(1);
        var error = Assert.Throws<ArgumentException>(() => threads.RunAll([() => { }, () => { }, () => { }]));
        Assert.Contains("3 parts need 2 threads besides the caller's, there are 1", error.Message);
    }
}
