using System.Security.Cryptography;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// The <see cref="ILakeWriter"/> of the lake: one open Parquet shard per bucket (bucket_h x bucket_w)
/// plus one rejects shard, each rolled when its estimated size reaches
/// <see cref="LakeWriterOptions.TargetShardBytes"/>. Committing a shard: finish the local temporary
/// file, put it into the store (atomic), then put its commit record (sha256, size, rows). A crash or
/// cancellation before the commit record leaves at most an invisible orphan, which vacuum removes.
/// Disposing without <see cref="CompleteAsync"/> discards the rows not yet committed; after any failure
/// the writer takes no more rows (its open shards may be half-written).
/// </summary>
public sealed class ParquetLakeWriter : ILakeWriter
{
    private readonly IObjectStore _store;
    private readonly LakeWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<(int H, int W), OpenShard<SampleRecord>> _samples = [];
    private readonly List<CommitRecord> _commits = [];
    private OpenShard<RejectRecord>? _rejects;
    private int? _nextSeq;
    private bool _completed;
    private Exception? _fault;

    internal ParquetLakeWriter(IObjectStore store, string run, LakeWriterOptions options, TimeProvider time)
    {
        _store = store;
        Run = run;
        _options = options;
        _time = time;
    }

    public string Run { get; }

    /// <summary>The commit records written so far (rolled shards), in commit order.</summary>
    public IReadOnlyList<CommitRecord> Commits => _commits;

    public async ValueTask AppendAsync(SampleRecord sample, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ThrowIfCompleted();
        if (sample.IngestRun != Run)
        {
            throw new ArgumentException($"sample {sample.SampleId} belongs to run '{sample.IngestRun}', this writer writes run '{Run}'", nameof(sample));
        }
        SampleChecks.ThrowIfIncomplete(sample);
        var bucket = (sample.BucketH, sample.BucketW);
        await Guarded(async () =>
        {
            if (!_samples.TryGetValue(bucket, out var shard))
            {
                shard = await OpenShard<SampleRecord>.CreateAsync(SampleShard.Codec, _options, Metadata(LakeLayout.SampleKind, bucket), ct);
                _samples[bucket] = shard;
            }
            await shard.AddAsync(sample, ct);
            if (shard.EstimatedBytes >= _options.TargetShardBytes)
            {
                _samples.Remove(bucket);
                await CommitAsync(shard, bucket, ct);
            }
        });
    }

    public async ValueTask RejectAsync(RejectRecord reject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reject);
        ThrowIfCompleted();
        if (reject.IngestRun != Run)
        {
            throw new ArgumentException($"reject of '{reject.SourceUri}' belongs to run '{reject.IngestRun}', this writer writes run '{Run}'", nameof(reject));
        }
        if (reject.SourceUri is null || reject.Detail is null)
        {
            throw new ArgumentException("a reject needs a source_uri and a detail", nameof(reject));
        }
        await Guarded(async () =>
        {
            _rejects ??= await OpenShard<RejectRecord>.CreateAsync(RejectShard.Codec, _options, Metadata(LakeLayout.RejectKind, null), ct);
            await _rejects.AddAsync(reject, ct);
            if (_rejects.EstimatedBytes >= _options.TargetShardBytes)
            {
                var full = _rejects;
                _rejects = null;
                await CommitAsync(full, null, ct);
            }
        });
    }

    public async Task<IReadOnlyList<CommitRecord>> CompleteAsync(CancellationToken ct = default)
    {
        ThrowIfCompleted();
        await Guarded(async () =>
        {
            while (_samples.Count > 0)
            {
                var (bucket, shard) = _samples.First();
                _samples.Remove(bucket);
                await CommitAsync(shard, bucket, ct);
            }
            if (_rejects is { } rejects)
            {
                _rejects = null;
                await CommitAsync(rejects, null, ct);
            }
        });
        _completed = true;
        return _commits.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _samples.Values) await shard.DisposeAsync();
        _samples.Clear();
        if (_rejects is not null) await _rejects.DisposeAsync();
        _rejects = null;
        _completed = true;
    }

    /// <summary>Finishes <paramref name="shard"/>, puts it, then puts its commit record; the shard's temp file is gone afterwards.</summary>
    private async Task CommitAsync<T>(OpenShard<T> shard, (int H, int W)? bucket, CancellationToken ct)
    {
        await using (shard)
        {
            var file = await shard.FinishAsync(ct);
            var byteSize = file.Length;
            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
            var seq = await NextSeqAsync(ct);
            var key = bucket is { } b ? LakeLayout.SampleShard(b.H, b.W, Run, seq) : LakeLayout.RejectShard(Run, seq);
            file.Position = 0;
            await _store.PutAsync(key, file, ct);

            var record = new CommitRecord
            {
                Kind = bucket is null ? LakeLayout.RejectKind : LakeLayout.SampleKind,
                Shard = key,
                Run = Run,
                Seq = seq,
                BucketH = bucket?.H,
                BucketW = bucket?.W,
                RowCount = shard.RowCount,
                ByteSize = byteSize,
                Sha256 = sha256,
                SchemaVersion = LakeSchema.Version,
                CommittedAt = _time.GetUtcNow(),
            };
            using var json = new MemoryStream(CommitRecords.Serialize(record));
            await _store.PutAsync(LakeLayout.Commit(Run, seq), json, ct);
            _commits.Add(record);
        }
    }

    /// <summary>Sequence numbers continue after the highest commit of this run id already in the lake.</summary>
    private async Task<int> NextSeqAsync(CancellationToken ct)
    {
        if (_nextSeq is null)
        {
            var highest = 0;
            await foreach (var existing in _store.ListAsync($"{LakeLayout.Commits}{Run}-", ct))
            {
                if (CommitRecords.SeqOf(existing.Key, Run) is { } seq) highest = Math.Max(highest, seq);
            }
            _nextSeq = highest + 1;
        }
        var next = _nextSeq.Value;
        _nextSeq = next + 1;
        return next;
    }

    private Dictionary<string, string> Metadata(string kind, (int H, int W)? bucket)
    {
        var metadata = new Dictionary<string, string>
        {
            [ShardMetadata.KindKey] = kind,
            [ShardMetadata.SchemaVersionKey] = LakeSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ShardMetadata.RunKey] = Run,
        };
        if (bucket is { } b) metadata[ShardMetadata.BucketKey] = $"{b.H}x{b.W}";
        return metadata;
    }

    /// <summary>
    /// Runs a step that changes shards; a failure faults the writer, since a shard may be half-written.
    /// Shards committed before the failure stay committed; the rest are discarded on dispose.
    /// </summary>
    private async Task Guarded(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex)
        {
            _fault = ex;
            throw;
        }
    }

    private void ThrowIfCompleted()
    {
        if (_fault is not null)
        {
            throw new InvalidOperationException($"the writer of run '{Run}' failed earlier and takes no more rows: {_fault.Message}", _fault);
        }
        if (_completed) throw new InvalidOperationException($"the writer of run '{Run}' is already completed or disposed");
    }
}
