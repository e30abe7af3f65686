using DataPlatform.Testing;
using Npgsql;

namespace DataPlatform.Scheduling.Tests;

/// <summary>One PostgreSQL cluster for the clustered-scheduler tests; each test gets a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> NewDatabaseAsync(PostgresServer server)
    {
        var name = $"sched_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }
}
