using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using DataPlatform.Core;
using DataPlatform.Lake;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp lake ls | verify | vacuum</c>: show, check and clean what is committed in a lake.</summary>
internal static partial class LakeCommand
{
    public static Command Create()
    {
        var command = new Command("lake", "Show, check and clean a lake (commits, shards, orphans).");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Vacuum());
        return command;
    }

    private static Option<string> LakeOption() => new("--lake")
    {
        Description = "The lake: a local folder (s3://bucket/prefix arrives with the scheduler).",
        Required = true,
    };

    private static Command List()
    {
        var lake = LakeOption();
        var command = new Command("ls", "List the committed shards: kind, bucket, rows, size, run, time; with totals.") { lake };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            var store = ObjectStores.Open(parse.GetValue(lake)!, create: false);
            var commits = await new LakeReader(store).ListCommitsAsync(ct);
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(store.Root)}[/]");
            table.AddColumns("kind", "bucket", "rows", "size", "run", "seq", "committed (UTC)");
            foreach (var i in new[] { 2, 3, 5 }) table.Columns[i].RightAligned();
            foreach (var i in new[] { 4, 6 }) table.Columns[i].NoWrap();
            foreach (var c in commits)
            {
                table.AddRow(c.Kind, c.BucketH is { } h ? $"{h}x{c.BucketW}" : "-", $"{c.RowCount:N0}", Bytes(c.ByteSize),
                    Markup.Escape(c.Run), $"{c.Seq}", c.CommittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            var samples = commits.Where(c => c.Kind == LakeLayout.SampleKind).ToList();
            var rejects = commits.Where(c => c.Kind == LakeLayout.RejectKind).ToList();
            table.Caption(
                $"{commits.Count} commits from {commits.Select(c => c.Run).Distinct().Count()} runs; " +
                $"samples: {samples.Sum(c => c.RowCount):N0} rows in {samples.Count} shards, {Bytes(samples.Sum(c => c.ByteSize))}; " +
                $"rejects: {rejects.Sum(c => c.RowCount):N0} rows; " +
                $"{samples.Select(c => (c.BucketH, c.BucketW)).Distinct().Count()} buckets");
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify()
    {
        var lake = LakeOption();
        var command = new Command("verify", "Check every commit: shard exists, size and sha256 match, Parquet row count matches. Exit 1 on any finding.") { lake };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            var store = ObjectStores.Open(parse.GetValue(lake)!, create: false);
            IReadOnlyList<LakeFinding> findings = [];
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask("verifying commits");
                findings = await LakeVerifier.VerifyAsync(store, new Progress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }), ct);
            });
            var commits = await store.ListAsync(LakeLayout.Commits, ct).CountAsync(ct);
            if (findings.Count == 0)
            {
                AnsiConsole.MarkupLine($"[green]{commits} commits verified: every shard matches its commit record.[/]");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("object", "problem");
            foreach (var f in findings) table.AddRow(Markup.Escape(f.Key), Markup.Escape(f.Problem));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[red]{findings.Count} findings in {commits} commits.[/]");
            return ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static Command Vacuum()
    {
        var lake = LakeOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be removed; remove nothing." };
        var minAge = new Option<string>("--min-age")
        {
            Description = "Leave orphans younger than this alone (a running writer's): 90s, 30m, 1h, 2d, 0. Default 1h.",
            DefaultValueFactory = _ => "1h",
        };
        var command = new Command("vacuum", "Remove orphans: uncommitted shard and reject files and leftover temporary files.") { lake, dryRun, minAge };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            var options = new VacuumOptions(ParseDuration("--min-age", parse.GetValue(minAge)!), parse.GetValue(dryRun));
            var store = ObjectStores.Open(parse.GetValue(lake)!, create: false);
            var result = await LakeVacuum.RunAsync(store, options, TimeProvider.System, ct);

            var verb = result.DryRun ? "would remove" : "removed";
            if (result.Removed.Count > 0)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("object", "size", "modified (UTC)", "why");
                table.Columns[1].RightAligned();
                foreach (var item in result.Removed)
                {
                    table.AddRow(Markup.Escape(item.Key), Bytes(item.Size),
                        item.LastModified.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), item.Why);
                }
                AnsiConsole.Write(table);
            }
            AnsiConsole.WriteLine($"{verb} {result.Removed.Count} orphans ({Bytes(result.Removed.Sum(i => i.Size))}); " +
                                  $"left {result.TooYoung.Count} younger than {options.EffectiveMinAge} alone.");
            foreach (var error in result.Errors) AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
            return result.Errors.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Maps a failure to CommandRunner's message and exit code: System.CommandLine's own default handler
    /// would otherwise print a stack trace and exit 1. Tables are laid out at least 160 columns wide
    /// when the output is not a terminal (Spectre assumes 80, which wraps run ids and keys).
    /// </summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, ct) =>
        {
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            try
            {
                return await action(parse, ct);
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        };

    /// <summary>Parses <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>, <c>0</c> or a TimeSpan (<c>01:30:00</c>).</summary>
    internal static TimeSpan ParseDuration(string option, string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (match.Success)
        {
            var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.FromSeconds(n),
            };
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span;
        throw new ArgumentException($"{option} must be a duration such as 90s, 30m, 1h, 2d or 0, was '{text}'");
    }

    private static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => $"{n / 1024.0:F1} KiB",
        < 1024L * 1024 * 1024 => $"{n / (1024.0 * 1024):F1} MiB",
        _ => $"{n / (1024.0 * 1024 * 1024):F2} GiB",
    };

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)([smhd]?)$")]
    private static partial Regex DurationPattern();
}
