using System.CommandLine;
using DataPlatform.Lake;
using DataPlatform.Stats;

namespace DataPlatform.Cli.Commands;

/// <summary>The options every statistics command shares: the lake and DuckDB's resources.</summary>
internal sealed class LakeQueryOptions
{
    public Option<string> Lake { get; } = new("--lake") { Description = "Lake folder.", Required = true };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "DuckDB worker threads.", DefaultValueFactory = _ => LakeSessionOptions.Default.Threads,
    };

    public Option<string> MemoryLimit { get; } = new("--memory-limit")
    {
        Description = "DuckDB memory limit, e.g. 512MB or 2GB.", DefaultValueFactory = _ => LakeSessionOptions.Default.MemoryLimit,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Lake);
        command.Options.Add(Threads);
        command.Options.Add(MemoryLimit);
    }

    public IObjectStore Store(ParseResult parse) => ObjectStores.Open(parse.GetValue(Lake)!, create: false);

    public LakeSessionOptions Session(ParseResult parse) =>
        new(parse.GetValue(Threads), parse.GetValue(MemoryLimit)!);
}
