using DataPlatform.Core;
using Parquet;

namespace DataPlatform.Lake;

/// <summary>
/// Reads only the image column of one row group of a shard held in a local file (a local lake's own file
/// or a <see cref="Caching.ShardCache"/> copy). Rows come in the same order as <see cref="LakeReader.ReadSampleBatchesAsync"/>
/// yields them, so (row group, row) addresses one sample.
/// </summary>
public static class ShardImages
{
    public static async Task<byte[][]> ReadRowGroupAsync(string localPath, string shardKey, int rowGroup, CancellationToken ct = default)
    {
        await using var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidInputException($"shard '{shardKey}' ({localPath}) is not a readable Parquet file: {ex.Message}", ex);
        }
        await using (reader)
        {
            if (rowGroup < 0 || rowGroup >= reader.RowGroupCount)
                throw new InvalidInputException($"shard '{shardKey}' has {reader.RowGroupCount} row groups, row group {rowGroup} was asked for");
            using var group = reader.OpenRowGroupReader(rowGroup);
            try
            {
                return await new ShardColumns(reader, group, shardKey, rowGroup).BytesAsync("image", ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DataPlatformException)
            {
                throw new InvalidInputException($"shard '{shardKey}', row group {rowGroup}: images cannot be read: {ex.Message}", ex);
            }
        }
    }
}
