using System.Globalization;
using System.Text;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// An optional append-only audit file of job executions (<c>dp scheduler run --fire-log FILE</c>), one
/// tab-separated line per event: UTC time, node id, job key, fire instance id, scheduled fire time,
/// event (<c>started</c>, <c>recovering</c>, <c>succeeded</c>, <c>failed</c>, <c>interrupted</c>) and message.
/// Several processes may append to the same file: each line is one write on a file opened for append.
/// </summary>
public static class FireLog
{
    public static void Append(string? path, string node, string job, string fireId, DateTimeOffset? scheduled, string evt, string message = "")
    {
        if (string.IsNullOrEmpty(path)) return;
        var line = string.Join('\t',
            DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), node, job, fireId,
            scheduled?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "-", evt,
            message.ReplaceLineEndings(" ").Replace('\t', ' ')) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
