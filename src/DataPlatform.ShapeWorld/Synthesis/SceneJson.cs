using System.Buffers;
using System.Text;
using System.Text.Json;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// One scene's ground truth as a JSON line of scenes.jsonl: id, file, canvas, background, category,
/// captions, the stated relation and every object (shape, colour, size, bbox [x0, y0, x1, y1],
/// centroid [x, y], in pixels, y down).
/// </summary>
public static class SceneJson
{
    public static string ToJsonLine(string id, Scene scene)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("file", id + ".png");
            w.WriteNumber("width", scene.Width);
            w.WriteNumber("height", scene.Height);
            w.WriteString("background", scene.Background);
            w.WriteString("category", scene.Category.ToString().ToLowerInvariant());
            w.WriteString("caption", scene.Caption);
            if (scene.EnhancedCaption is not null) w.WriteString("enhanced_caption", scene.EnhancedCaption);
            if (scene.Relation is { } r)
            {
                w.WriteStartObject("relation");
                w.WriteNumber("subject", r.Subject);
                w.WriteString("relation", r.Relation.Key());
                w.WriteNumber("object", r.Object);
                w.WriteEndObject();
            }
            w.WriteStartArray("objects");
            foreach (var o in scene.Objects)
            {
                w.WriteStartObject();
                w.WriteString("shape", o.Shape.Name());
                w.WriteString("colour", o.Colour);
                w.WriteString("size", o.Size.Name());
                w.WriteStartArray("bbox");
                w.WriteNumberValue(Math.Round(o.Bbox.X0, 2));
                w.WriteNumberValue(Math.Round(o.Bbox.Y0, 2));
                w.WriteNumberValue(Math.Round(o.Bbox.X1, 2));
                w.WriteNumberValue(Math.Round(o.Bbox.Y1, 2));
                w.WriteEndArray();
                w.WriteStartArray("centroid");
                w.WriteNumberValue(Math.Round(o.Centroid.X, 2));
                w.WriteNumberValue(Math.Round(o.Centroid.Y, 2));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
