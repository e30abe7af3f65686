using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Ingest;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp ingest --source PATH --lake DIR [...]</c>: ingest caption-image pairs into a lake with a
/// progress bar, then print the run summary. Exit 0 when the run completed (refused inputs are normal
/// and listed), 65 when the source itself cannot be opened, 64 for invalid options.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var defaults = new IngestOptions();
        var source = new Option<string>("--source") { Description = "Folder, .jsonl/.csv/.parquet manifest, .tar shard or folder of shards.", Required = true };
        var lake = new Option<string>("--lake") { Description = "The lake folder (created when missing).", Required = true };
        var kind = new Option<SourceKind>("--kind") { Description = "Source kind; detected from the path by default.", DefaultValueFactory = _ => SourceKind.Auto };
        var areas = new Option<string>("--areas") { Description = "Bucket target sides, comma separated: 256,512 means 256² and 512² areas.", DefaultValueFactory = _ => "256" };
        var token = new Option<int>("--token-size") { Description = "Stored sides are multiples of this.", DefaultValueFactory = _ => defaults.TokenSize };
        var workers = new Option<int>("--workers") { Description = "Decode workers (default: processor count).", DefaultValueFactory = _ => defaults.Workers };
        var format = new Option<StoredFormat>("--format") { Description = "Stored image encoding: png (lossless) or jpeg.", DefaultValueFactory = _ => StoredFormat.Png };
        var quality = new Option<int>("--jpeg-quality") { Description = "JPEG quality 1-100.", DefaultValueFactory = _ => defaults.JpegQuality };
        var near = new Option<bool>("--drop-near-duplicates") { Description = "Refuse images whose pHash is within --near-distance bits of a stored one." };
        var nearDistance = new Option<int>("--near-distance") { Description = "pHash Hamming distance for near duplicates.", DefaultValueFactory = _ => defaults.NearDuplicateDistance };
        var vocabulary = new Option<string?>("--vocabulary") { Description = "Concept vocabulary file (term | alias per line); default: the shipped one." };
        var maxMb = new Option<double>("--max-image-mb") { Description = "Byte cap per image in MB.", DefaultValueFactory = _ => defaults.MaxImageBytes / 1024.0 / 1024.0 };
        var maxMp = new Option<double>("--max-megapixels") { Description = "Pixel limit per image (header), in millions.", DefaultValueFactory = _ => defaults.MaxPixels / 1e6 };
        var maxCaption = new Option<int>("--max-caption") { Description = "Caption cap in characters.", DefaultValueFactory = _ => defaults.MaxCaptionChars };
        var animation = new Option<AnimationPolicy>("--animated") { Description = "Animated images: FirstFrame (keep frame 1) or Refuse.", DefaultValueFactory = _ => defaults.Animation };
        var jsonKey = new Option<string>("--json-key") { Description = "Caption key in .json sidecars.", DefaultValueFactory = _ => "caption" };
        var pathColumn = new Option<string>("--path-column") { Description = "Manifest column with the image path or file:// URI.", DefaultValueFactory = _ => "path" };
        var captionColumn = new Option<string>("--caption-column") { Description = "Manifest column with the caption.", DefaultValueFactory = _ => "caption" };
        var imageColumn = new Option<string>("--image-column") { Description = "Parquet manifest column with image bytes.", DefaultValueFactory = _ => "image" };
        var shardMb = new Option<int>("--shard-mb") { Description = "Roll shards at about this many MB.", DefaultValueFactory = _ => 128 };

        var command = new Command("ingest", "Ingest caption-image pairs into a lake (bucketed, deduplicated, hostile inputs refused).")
        {
            source, lake, kind, areas, token, workers, format, quality, near, nearDistance, vocabulary,
            maxMb, maxMp, maxCaption, animation, jsonKey, pathColumn, captionColumn, imageColumn, shardMb,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var options = new IngestOptions
                {
                    TargetSides = ParseSides(parse.GetValue(areas)!),
                    TokenSize = parse.GetValue(token),
                    Workers = parse.GetValue(workers),
                    QueueCapacity = 4 * Math.Max(1, parse.GetValue(workers)),
                    Format = parse.GetValue(format),
                    JpegQuality = parse.GetValue(quality),
                    DropNearDuplicates = parse.GetValue(near),
                    NearDuplicateDistance = parse.GetValue(nearDistance),
                    MaxImageBytes = (long)(parse.GetValue(maxMb) * 1024 * 1024),
                    MaxPixels = (long)(parse.GetValue(maxMp) * 1e6),
                    MaxCaptionChars = parse.GetValue(maxCaption),
                    Animation = parse.GetValue(animation),
                };
                var sourceOptions = new SourceOptions
                {
                    Path = parse.GetValue(source)!,
                    Kind = parse.GetValue(kind),
                    JsonCaptionKey = parse.GetValue(jsonKey)!,
                    PathColumn = parse.GetValue(pathColumn)!,
                    CaptionColumn = parse.GetValue(captionColumn)!,
                    ImageBytesColumn = parse.GetValue(imageColumn)!,
                };
                var lakeOptions = new LakeWriterOptions(TargetShardBytes: parse.GetValue(shardMb) * 1024L * 1024L);
                var vocab = parse.GetValue(vocabulary) is { } file ? ConceptVocabulary.Load(file) : ConceptVocabulary.Default();
                if (!Directory.Exists(sourceOptions.Path) && !File.Exists(sourceOptions.Path))
                    throw new InvalidInputException($"source '{sourceOptions.Path}' does not exist");
                var store = ObjectStores.Open(parse.GetValue(lake)!);

                var summary = await IngestProgressBar.RunAsync(progress =>
                    IngestJob.RunAsync(sourceOptions, store, options, vocab, lakeOptions, TimeProvider.System, new Random(), progress, ct));
                IngestSummaryTable.Write(summary, store.Root);
                return summary.Reconciles ? ExitCodes.Ok : ExitCodes.Internal;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        });
        return command;
    }

    /// <summary>"256,512" -> [256, 512]; anything else is a usage error naming the value.</summary>
    internal static IReadOnlyList<int> ParseSides(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sides = new List<int>();
        foreach (var part in parts)
        {
            var side = part.Split('x', 'X', '²')[0];
            if (!int.TryParse(side, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new ConfigException([$"ingest.areas must be comma-separated sides like 256,512, was '{text}'"]);
            sides.Add(value);
        }
        if (sides.Count == 0) throw new ConfigException([$"ingest.areas must name at least one side, was '{text}'"]);
        return sides;
    }
}
