using System.Text.Json;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>Takes the caption out of a JSON sidecar (<c>{"caption": "..."}</c>, key configurable).</summary>
public static class JsonCaption
{
    public static RawCaption Extract(RawCaption json, string key, string where)
    {
        if (json.Truncated)
            throw new ItemRejectedException(RejectReason.CaptionTooLong, $"{where} is longer than the caption read bound of {json.Bytes.Length} bytes");
        if (!System.Text.Unicode.Utf8.IsValid(json.Bytes))
            throw new ItemRejectedException(RejectReason.InvalidCaptionEncoding, $"{where} is not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(json.Bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
                throw new ItemRejectedException(RejectReason.MissingCaption, $"{where} has no '{key}' key");
            if (value.ValueKind != JsonValueKind.String)
                throw new ItemRejectedException(RejectReason.BadEntry, $"{where}: '{key}' must be a string, was {value.ValueKind}");
            return new RawCaption(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), false, json.Source);
        }
        catch (JsonException ex)
        {
            throw new ItemRejectedException(RejectReason.BadEntry, $"{where} is not valid JSON: {ex.Message}");
        }
    }
}
