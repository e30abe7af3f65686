using System.Text;
using DataPlatform.Core;
using DataPlatform.Stats;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// The interactive prompt of <c>dp sql</c>: reads lines until one ends with ';', runs the statement,
/// prints the result or DuckDB's error, and goes on. <c>.quit</c> or <c>.exit</c> (or end of input)
/// leaves; <c>.tables</c> lists the views. Exit code 0, or 65 when any statement failed.
/// </summary>
internal static class SqlPrompt
{
    public static int Run(LakeSession session, ResultFormat format, string? outPath, TextReader input, CancellationToken ct)
    {
        var interactive = !Console.IsInputRedirected;
        if (interactive)
        {
            Console.Error.WriteLine($"dp sql over {session.Lake.Root}: {session.Lake.Samples.Count} committed sample shards. End statements with ';', .tables lists the views, .quit leaves.");
        }
        var failures = 0;
        var buffer = new StringBuilder();
        while (!ct.IsCancellationRequested)
        {
            if (interactive) Console.Error.Write(buffer.Length == 0 ? "dp> " : "  > ");
            var line = input.ReadLine();
            if (line is null) break;
            var trimmed = line.Trim();
            if (buffer.Length == 0)
            {
                if (trimmed is ".quit" or ".exit") break;
                if (trimmed == ".tables") trimmed = line = "SHOW TABLES;";
                if (trimmed.Length == 0) continue;
            }
            buffer.AppendLine(line);
            if (!trimmed.EndsWith(';')) continue;

            var sql = buffer.ToString();
            buffer.Clear();
            try
            {
                SqlResultPrinter.Run(session, sql, format, outPath);
            }
            catch (DataPlatformException ex)
            {
                failures++;
                Console.Error.WriteLine($"dp: {ex.Message}");
            }
        }
        return failures == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }
}
