using System.Formats.Tar;

namespace DataPlatform.Ingest.Sources;

/// <summary>Decides whether a tar member may be read at all; links and escaping paths never are.</summary>
public static class TarMemberSafety
{
    /// <summary>Why the member is unsafe, or null when it is a plain file or folder with a relative, contained path.</summary>
    public static string? Check(TarEntry entry)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.SymbolicLink:
                return $"symbolic link to '{entry.LinkName}' refused";
            case TarEntryType.HardLink:
                return $"hard link to '{entry.LinkName}' refused";
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory:
                break;
            default:
                return $"member type {entry.EntryType} refused (only regular files are read)";
        }
        var name = entry.Name.Replace('\\', '/');
        if (name.Length == 0) return "empty member name refused";
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':')) return "absolute path refused";
        if (name.Split('/').Any(part => part == "..")) return "path with '..' refused";
        if (name.Contains('\0')) return "NUL in member name refused";
        return null;
    }
}
