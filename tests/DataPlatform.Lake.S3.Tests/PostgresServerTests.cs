using System.Net.Sockets;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

/// <summary>
/// The PostgreSQL service starter that the clustered scheduler tests will use: it must start a cluster
/// that accepts connections on its loopback port and stop it by its process id.
/// </summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Started_cluster_accepts_connections_and_is_gone_after_dispose()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DP_TEST_PG")))
        {
            // A shared cluster from infra/test.sh: check it answers; its owner stops it.
            using var shared = new PostgresServer();
            await AssertAcceptsAsync(shared.Port);
            return;
        }

        int pid, port;
        using (var server = new PostgresServer())
        {
            pid = server.Pid;
            port = server.Port;
            Assert.True(InfraScripts.IsAlive(pid), $"postmaster {pid} should run");
            Assert.Contains("Username=postgres;Database=dp_test", server.ConnectionString);
            await AssertAcceptsAsync(port);
        }

        Assert.False(InfraScripts.IsAlive(pid), $"postmaster {pid} should be stopped");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    private static async Task AssertAcceptsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        Assert.True(client.Connected);
    }
}
