using Containerize.Oci.Errors;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>
/// Checks that no container path is claimed twice across all layers: two files, a file and a directory, or a symlink
/// and anything. Directories may be shared (every layer writes its parents). The parents each entry implies count as
/// directories, so a file at a path that another entry needs as a directory is a collision too.
/// </summary>
internal sealed class LayerPathClaims
{
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    public void Add(string layerName, LayerEntry entry)
    {
        Claim claim = new(layerName, entry.Type == LayerEntryType.Directory, Describe(entry));
        Add(entry.ContainerPath, claim);
        for (string? parent = ContainerPathRules.GetParent(entry.ContainerPath); parent is not null; parent = ContainerPathRules.GetParent(parent))
        {
            Add(parent, new Claim(layerName, IsDirectory: true, $"a directory holding '{entry.ContainerPath}'"));
        }
    }

    private void Add(string path, Claim claim)
    {
        if (!_claims.TryGetValue(path, out Claim? existing))
        {
            _claims.Add(path, claim);
            return;
        }

        if (existing.IsDirectory && claim.IsDirectory)
        {
            return;
        }

        throw new ContainerizeException(
            ErrorCodes.LayerPathCollision,
            $"The container path '{path}' is claimed twice: by layer '{existing.LayerName}' ({existing.Description}) and by layer '{claim.LayerName}' ({claim.Description}).",
            "Each path may come from one place only: remove one of the files, or change the ContainerExtraLayer's ContainerPath or the publish item's RelativePath.");
    }

    private static string Describe(LayerEntry entry) => entry.Type switch
    {
        LayerEntryType.Directory => "a directory",
        LayerEntryType.Symlink => $"a symlink to '{entry.LinkTarget}'",
        _ => $"the file '{entry.SourcePath}'",
    };

    private sealed record Claim(string LayerName, bool IsDirectory, string Description);
}
