namespace Containerize.Oci.Layers;

/// <summary>
/// Completes a layer's entries into the list a tar is written from: every parent directory present (root-owned 0755
/// unless the entries give it), sorted by path (ordinal), each path given once.
/// </summary>
internal static class LayerTree
{
    private const UnixFileMode DefaultDirectoryMode = (UnixFileMode)0b111_101_101; // 0755

    public static List<LayerEntry> Complete(IEnumerable<LayerEntry> entries)
    {
        var byPath = new Dictionary<string, LayerEntry>(StringComparer.Ordinal);
        foreach (LayerEntry entry in entries)
        {
            ContainerPathRules.ThrowIfNotNormalized(entry.ContainerPath);
            if (!byPath.TryAdd(entry.ContainerPath, entry))
            {
                throw new ArgumentException($"The layer lists '{entry.ContainerPath}' twice.", nameof(entries));
            }
        }

        foreach (LayerEntry entry in byPath.Values.ToArray())
        {
            for (string? parent = ContainerPathRules.GetParent(entry.ContainerPath); parent is not null; parent = ContainerPathRules.GetParent(parent))
            {
                if (byPath.TryGetValue(parent, out LayerEntry? existing))
                {
                    if (existing.Type != LayerEntryType.Directory)
                    {
                        throw new ArgumentException($"'{parent}' is a {existing.Type} but '{entry.ContainerPath}' is inside it.", nameof(entries));
                    }

                    break;
                }

                byPath.Add(parent, new LayerEntry { ContainerPath = parent, Type = LayerEntryType.Directory, Mode = DefaultDirectoryMode });
            }
        }

        var complete = new List<LayerEntry>(byPath.Values);
        complete.Sort((left, right) => string.CompareOrdinal(left.ContainerPath, right.ContainerPath));
        return complete;
    }
}
