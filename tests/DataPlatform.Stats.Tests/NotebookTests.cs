using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using DataPlatform.Stats.Synthetic;

namespace DataPlatform.Stats.Tests;

public sealed class NotebookTests
{
    /// <summary>The notebook's #r lines point at the dp build output; the test loads the same assemblies from its own output folder.</summary>
    private const string NotebookBin = "../src/DataPlatform.Cli/bin/Debug/net10.0/";

    [Fact]
    public async Task Every_code_cell_of_the_long_tail_notebook_runs_without_error()
    {
        using var lake = new TestLake();
        await lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 800, Concepts: 50, Rejects: 5), "run-a");
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "notebooks", "long-tail.ipynb"));
        var document = Notebook.Parse(json);
        var cells = document.Elements.Where(e => e.KernelName is "csharp" or null && !string.IsNullOrWhiteSpace(e.Contents)).ToList();
        Assert.True(cells.Count >= 5, $"expected the notebook's code cells, found {cells.Count}");

        Environment.SetEnvironmentVariable("DP_LAKE", lake.Root);
        try
        {
            using var kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers() };
            kernel.DefaultKernelName = "csharp";
            var outputs = new List<string>();
            foreach (var cell in cells)
            {
                var code = cell.Contents.Replace(NotebookBin, AppContext.BaseDirectory, StringComparison.Ordinal);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                var result = await kernel.SendAsync(new SubmitCode(code, "csharp"), timeout.Token);
                var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
                Assert.True(failed is null, $"cell failed: {failed?.Message}\n--- cell ---\n{cell.Contents}");
                outputs.AddRange(result.Events.OfType<DisplayEvent>()
                    .SelectMany(e => e.FormattedValues).Select(v => v.Value));
            }

            // The plot cell displayed a PNG, and the summary names the lake's concepts.
            Assert.Contains(outputs, o => o.Contains("data:image/png;base64,", StringComparison.Ordinal));
            Assert.Contains(outputs, o => o.Contains("concepts, Gini", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DP_LAKE", null);
        }
    }
}
