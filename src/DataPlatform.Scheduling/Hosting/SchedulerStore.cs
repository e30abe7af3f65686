using DataPlatform.Core;
using Npgsql;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// Where the scheduler keeps jobs and triggers: <c>memory</c> (embedded, one process) or PostgreSQL
/// (clustered), given as <c>postgres://user:password@host:port/database</c> or as an Npgsql connection
/// string (<c>Host=...;Port=...</c>). <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record SchedulerStore
{
    private SchedulerStore(string? connectionString) => ConnectionString = connectionString;

    public static SchedulerStore Memory { get; } = new((string?)null);

    /// <summary>The Npgsql connection string; null for the memory store.</summary>
    public string? ConnectionString { get; }

    public bool IsPostgres => ConnectionString is not null;

    public static SchedulerStore Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Equals("memory", StringComparison.OrdinalIgnoreCase)) return Memory;
        try
        {
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                var uri = new Uri(text);
                var builder = new NpgsqlConnectionStringBuilder
                {
                    Host = uri.Host,
                    Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                    Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
                };
                if (uri.UserInfo.Length > 0)
                {
                    var parts = uri.UserInfo.Split(':', 2);
                    builder.Username = Uri.UnescapeDataString(parts[0]);
                    if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
                }
                return new SchedulerStore(builder.ConnectionString);
            }
            if (text.Contains('=', StringComparison.Ordinal))
            {
                return new SchedulerStore(new NpgsqlConnectionStringBuilder(text).ConnectionString);
            }
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            throw new ConfigException([$"--store: not a valid PostgreSQL location ({ex.Message})"]);
        }
        throw new ConfigException(["--store must be 'memory', postgres://user:password@host:port/database or an Npgsql connection string, was something else"]);
    }

    public override string ToString()
    {
        if (ConnectionString is null) return "memory";
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }
}
