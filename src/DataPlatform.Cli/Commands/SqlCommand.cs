using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Stats;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp sql "SELECT ..." --lake DIR</c>: one read-only query over the lake's views; with no query, an
/// interactive prompt (statements end with ';', <c>.quit</c> leaves). Output as an aligned table,
/// CSV, JSON or Parquet (<c>--format</c>, <c>--out</c>). DuckDB's errors are printed as they are and
/// end a one-shot query with exit code 65.
/// </summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var lake = new LakeQueryOptions();
        var query = new Argument<string?>("query") { Description = "The query; omit it for an interactive prompt.", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<ResultFormat>("--format") { Description = "table, csv, json or parquet.", DefaultValueFactory = _ => ResultFormat.Table };
        var output = new Option<string?>("--out") { Description = "Write the result to this file instead of the terminal (required for parquet)." };

        var command = new Command("sql", "Query the lake with read-only SQL over the views samples, rejects, sample_concepts, concept_stats, bucket_stats, cooccurrence, critic_scores, sample_weights, train_log.");
        command.Arguments.Add(query);
        lake.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var fmt = parse.GetValue(format);
            var outPath = parse.GetValue(output);
            if (fmt == ResultFormat.Parquet && outPath is null)
            {
                throw new ConfigException(["--format parquet needs --out FILE"]);
            }
            using var session = await LakeSession.OpenAsync(
                lake.Store(parse), lake.Session(parse), SessionKind.Interactive,
                outPath is null ? null : [outPath], ct);
            var text = parse.GetValue(query);
            if (text is not null)
            {
                SqlResultPrinter.Run(session, text, fmt, outPath);
                return ExitCodes.Ok;
            }
            return SqlPrompt.Run(session, fmt, outPath, Console.In, ct);
        }, ct));
        return command;
    }
}
