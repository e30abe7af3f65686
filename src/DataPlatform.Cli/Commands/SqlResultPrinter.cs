using System.Text;
using DataPlatform.Stats;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>Runs one checked user query and writes its result in the chosen format.</summary>
internal static class SqlResultPrinter
{
    /// <summary>Rows an aligned table shows at most; the rest is counted (use CSV or JSON for everything).</summary>
    public const int MaxTableRows = 10_000;

    public static void Run(LakeSession session, string sql, ResultFormat format, string? outPath)
    {
        if (format == ResultFormat.Parquet)
        {
            session.CopyUserQueryToParquet(sql, outPath!);
            Console.Error.WriteLine($"wrote {Path.GetFullPath(outPath!)}");
            return;
        }
        using var reader = session.ExecuteUser(sql);
        using var file = outPath is null ? null : File.Create(outPath);
        var stream = file ?? Console.OpenStandardOutput();
        switch (format)
        {
            case ResultFormat.Csv:
                using (var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
                {
                    ResultWriters.WriteCsv(reader, text);
                }
                break;
            case ResultFormat.Json:
                ResultWriters.WriteJson(reader, stream);
                if (file is null) Console.WriteLine();
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                for (var i = 0; i < reader.FieldCount; i++) table.AddColumn(Markup.Escape(reader.GetName(i)));
                long rows = 0;
                while (reader.Read())
                {
                    if (++rows > MaxTableRows) continue;
                    var cells = new string[reader.FieldCount];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        cells[i] = Markup.Escape(reader.IsDBNull(i) ? "NULL" : ResultWriters.Text(reader.GetValue(i)));
                    }
                    table.AddRow(cells);
                }
                var console = file is null
                    ? AnsiConsole.Console
                    : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StreamWriter(file) { AutoFlush = true }), Ansi = AnsiSupport.No });
                console.Write(table);
                var more = rows > MaxTableRows ? $", {MaxTableRows} shown (use --format csv or json for all)" : "";
                Console.Error.WriteLine($"({rows} row{(rows == 1 ? "" : "s")}{more})");
                break;
        }
    }
}
