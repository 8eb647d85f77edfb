namespace Containerize.Oci.Inspection;

/// <summary>
/// The merged file system of an image's layers, bottom to top, as a container runtime shows it: whiteouts and opaque
/// directories hide what lower layers had, a later entry replaces an earlier one, and paths resolve through symlinks
/// (relative and absolute, with <c>..</c>) the way the kernel does inside the container's root.
/// </summary>
public sealed class ImageFileTree
{
    private const int MaxSymlinkHops = 40; // Linux's MAXSYMLINKS

    private readonly Dictionary<string, ImageFileEntry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Stacks a layer on top of what is there.</summary>
    public void Apply(LayerFileList layer)
    {
        foreach (string directory in layer.Opaque)
        {
            RemoveUnder(directory, keepSelf: true);
        }

        foreach (string path in layer.Deleted)
        {
            RemoveUnder(path, keepSelf: false);
        }

        foreach (ImageFileEntry entry in layer.Entries)
        {
            if (entry.Type != ImageFileType.Directory && _entries.TryGetValue(entry.Path, out ImageFileEntry? old) && old.Type == ImageFileType.Directory)
            {
                RemoveUnder(entry.Path, keepSelf: false);
            }

            _entries[entry.Path] = entry;
            AddImpliedParents(entry.Path);
        }
    }

    /// <summary>Tars may leave parent directories out; the runtime makes them, so the tree does too.</summary>
    private void AddImpliedParents(string path)
    {
        for (string parent = ParentOf(path); parent != "/" && !_entries.ContainsKey(parent); parent = ParentOf(parent))
        {
            _entries[parent] = new ImageFileEntry(parent, ImageFileType.Directory, (UnixFileMode)0b111_101_101);
        }
    }

    /// <summary>The entry at <paramref name="path"/> without following a final symlink (parents are followed).</summary>
    public ImageFileEntry? Find(string path) => Resolve(path, followFinal: false);

    /// <summary>The entry <paramref name="path"/> leads to, every symlink followed; null when it leads nowhere.</summary>
    public ImageFileEntry? Resolve(string path) => Resolve(path, followFinal: true);

    private ImageFileEntry? Resolve(string path, bool followFinal)
    {
        var pending = new Stack<string>(Enumerable.Reverse(Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries)));
        string current = "/";
        ImageFileEntry? entry = null;
        int hops = 0;
        while (pending.Count > 0)
        {
            string segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = ParentOf(current);
                entry = current == "/" ? null : _entries.GetValueOrDefault(current);
                continue;
            }

            string next = Join(current, segment);
            if (!_entries.TryGetValue(next, out entry))
            {
                return null;
            }

            if (entry.Type == ImageFileType.Symlink && (pending.Count > 0 || followFinal))
            {
                if (++hops > MaxSymlinkHops || string.IsNullOrEmpty(entry.LinkTarget))
                {
                    return null;
                }

                foreach (string part in Enumerable.Reverse(entry.LinkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries)))
                {
                    pending.Push(part);
                }

                if (entry.LinkTarget.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            if (entry.Type == ImageFileType.HardLink && pending.Count == 0 && entry.LinkTarget is not null)
            {
                return _entries.GetValueOrDefault(entry.LinkTarget) is { } linked ? linked with { Path = next } : entry;
            }

            current = next;
        }

        return entry ?? (current == "/" ? new ImageFileEntry("/", ImageFileType.Directory, (UnixFileMode)0b111_101_101) : null);
    }

    /// <summary>The names directly inside a directory (itself resolved through symlinks); none when it does not exist.</summary>
    public IEnumerable<string> List(string directory)
    {
        if (Resolve(directory) is not { Type: ImageFileType.Directory } resolved)
        {
            return [];
        }

        string prefix = resolved.Path == "/" ? "/" : resolved.Path + "/";
        return _entries.Keys
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && key.IndexOf('/', prefix.Length) < 0)
            .Select(key => key[prefix.Length..])
            .ToArray();
    }

    private void RemoveUnder(string path, bool keepSelf)
    {
        string prefix = path == "/" ? "/" : path + "/";
        foreach (string key in _entries.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToArray())
        {
            _entries.Remove(key);
        }

        if (!keepSelf)
        {
            _entries.Remove(path);
        }
    }

    /// <summary>A tar or container path as <c>/a/b</c>: leading <c>./</c> and trailing <c>/</c> dropped, backslashes made slashes.</summary>
    public static string Normalize(string path)
    {
        string trimmed = path.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        trimmed = trimmed.Trim('/');
        return trimmed is "" or "." ? "/" : "/" + trimmed;
    }

    public static string ParentOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    public static string Join(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;
}
