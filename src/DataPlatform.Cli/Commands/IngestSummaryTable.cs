using DataPlatform.Core;
using DataPlatform.Ingest.Pipeline;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>Prints an <see cref="IngestSummary"/>: the reconciliation, rejects per reason, duplicates and buckets.</summary>
internal static class IngestSummaryTable
{
    public static void Write(IngestSummary s, string lake)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]ingest run {Markup.Escape(s.Run)}[/]");
        table.AddColumn("what");
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("inputs", $"{s.Inputs:N0}");
        table.AddRow("[green]accepted[/]", $"{s.Accepted:N0}");
        table.AddRow("[red]rejected[/]", $"{s.Rejected:N0}");
        foreach (var (reason, count) in s.RejectedByReason) table.AddRow($"  {reason.Code()}", $"{count:N0}");
        table.AddRow("duplicates (exact, same run)", $"{s.DuplicatesInRun:N0}");
        table.AddRow("duplicates (exact, already in lake)", $"{s.DuplicatesInLake:N0}");
        table.AddRow("near duplicates (in rejects)", $"{s.NearDuplicates:N0}");
        table.AddRow("animated, first frame kept", $"{s.AnimatedFirstFrame:N0}");
        table.AddRow("rejects already recorded (not rewritten)", $"{s.RejectsAlreadyRecorded:N0}");
        table.AddRow("source bytes read", Bytes(s.BytesIn));
        table.AddRow("image bytes stored", Bytes(s.BytesOut));
        table.AddRow("shards committed", $"{s.Commits.Count:N0}");
        table.AddRow("elapsed", $"{s.Elapsed.TotalSeconds:0.0} s");
        table.AddRow("inputs/s", $"{s.InputsPerSecond:0.0}");
        var check = s.Reconciles ? "[green]reconciles[/]" : "[red]DOES NOT RECONCILE[/]";
        table.Caption($"{Markup.Escape(s.Source)} -> {Markup.Escape(lake)}; inputs = accepted + rejected + exact duplicates: " +
                      $"{s.Inputs:N0} = {s.Accepted:N0} + {s.Rejected:N0} + {s.ExactDuplicates:N0} {check}");
        AnsiConsole.Write(table);

        if (s.PerBucket.Count == 0) return;
        var buckets = new Table().Border(TableBorder.Rounded).Title("[bold]accepted per bucket (H x W)[/]");
        buckets.AddColumn("bucket");
        buckets.AddColumn(new TableColumn("samples").RightAligned());
        foreach (var (bucket, count) in s.PerBucket.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            buckets.AddRow(bucket, $"{count:N0}");
        AnsiConsole.Write(buckets);
    }

    internal static string Bytes(long n) => n switch
    {
        >= 1L << 30 => $"{n / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{n / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n} B",
    };
}
