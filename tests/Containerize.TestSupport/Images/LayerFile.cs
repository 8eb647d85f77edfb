using System.Formats.Tar;

namespace Containerize.TestSupport.Images;

/// <summary>One tar entry of a layer as a test sees it: absolute path, type, mode, owner, time.</summary>
public sealed record LayerFile(string Path, TarEntryType Type, UnixFileMode Mode, int UserId, int GroupId, DateTimeOffset ModificationTime, string LinkName, long Length);
