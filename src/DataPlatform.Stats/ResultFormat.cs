using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataPlatform.Stats;

/// <summary>Output formats of <c>dp sql</c>.</summary>
public enum ResultFormat
{
    /// <summary>An aligned table (the default on a terminal).</summary>
    Table,
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,
    /// <summary>A JSON array of row objects.</summary>
    Json,
    /// <summary>A Parquet file (needs <c>--out</c>).</summary>
    Parquet,
}

/// <summary>Streams a query result as CSV or JSON, and renders single values as text, culture-invariant.</summary>
public static class ResultWriters
{
    public static long WriteCsv(DbDataReader reader, TextWriter output)
    {
        output.Write(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => Csv(reader.GetName(i)))));
        output.Write('\n');
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0) output.Write(',');
                if (!reader.IsDBNull(i)) output.Write(Csv(Text(reader.GetValue(i))));
            }
            output.Write('\n');
            rows++;
        }
        return rows;
    }

    public static long WriteJson(DbDataReader reader, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        long rows = 0;
        while (reader.Read())
        {
            json.WriteStartObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                json.WritePropertyName(reader.GetName(i));
                WriteJsonValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
            }
            json.WriteEndObject();
            rows++;
        }
        json.WriteEndArray();
        json.Flush();
        return rows;
    }

    /// <summary>A value as text: invariant numbers, ISO-8601 times, lists as <c>[a, b]</c>.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture),
        byte[] b => $"<{b.Length} bytes>",
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Text(k)}: {Text(map[k])}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case long or int or short or sbyte or byte or ushort or uint or ulong or decimal:
                json.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry e in map)
                {
                    json.WritePropertyName(Text(e.Key));
                    WriteJsonValue(json, e.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list) WriteJsonValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }

    private static string Csv(string value)
    {
        if (value.IndexOfAny([',', '"', '\n', '\r']) < 0) return value;
        return new StringBuilder("\"").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
