namespace DataPlatform.Scheduling.Tests;

/// <summary>One parsed line of a scheduler fire log (see <c>FireLog</c>).</summary>
internal sealed record FireLogLine(DateTimeOffset Time, string Node, string Job, string FireId, string Scheduled, string Event, string Message)
{
    public static IReadOnlyList<FireLogLine> Read(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p =>
                new FireLogLine(DateTimeOffset.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p[1], p[2], p[3], p[4], p[5], p.Length > 6 ? p[6] : "")).ToList()
            : [];
}
