using Parquet;
using Parquet.Schema;

namespace DataPlatform.Lake;

/// <summary>How rows of one kind map onto the columns of a Parquet row group, both ways.</summary>
internal interface IShardCodec<T>
{
    /// <summary><see cref="LakeLayout.SampleKind"/> or <see cref="LakeLayout.RejectKind"/>.</summary>
    string Kind { get; }

    ParquetSchema Schema { get; }

    /// <summary>A cheap estimate of the row's encoded size in bytes, for rolling shards and row groups.</summary>
    long EstimateBytes(T row);

    /// <summary>Writes <paramref name="rows"/> as the columns of one row group, in schema order.</summary>
    Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> rows, CancellationToken ct);
}
