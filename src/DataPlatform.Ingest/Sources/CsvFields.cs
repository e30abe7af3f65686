namespace DataPlatform.Ingest.Sources;

/// <summary>
/// Splits one CSV line (RFC 4180: comma separated, double-quoted fields with "" for a quote) into raw
/// byte fields, so the caption's UTF-8 is validated later, field by field. Quoted fields spanning
/// several lines are not supported: such a line is reported malformed.
/// </summary>
public static class CsvFields
{
    /// <summary>The fields, or null when quoting is malformed.</summary>
    public static List<byte[]>? Split(ReadOnlySpan<byte> line)
    {
        var fields = new List<byte[]>();
        var field = new List<byte>();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) return null; // unterminated quote
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Add((byte)'"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Add(line[i++]);
                }
                if (i < line.Length && line[i] != ',') return null; // text after the closing quote
            }
            else
            {
                while (i < line.Length && line[i] != ',') field.Add(line[i++]);
            }
            fields.Add(field.ToArray());
            if (i >= line.Length) return fields;
            i++; // the comma
        }
    }
}
