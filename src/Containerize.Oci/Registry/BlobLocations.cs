using System.Globalization;
using System.Text;
using Containerize.Oci.Digests;
using Containerize.Oci.References;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry;

/// <summary>
/// A machine-wide memory of which repositories of a registry hold a blob, so a push can mount it from one of them
/// instead of uploading it. The distribution API cannot answer "which repository has this blob", so we remember what
/// we pushed or found. Layout under the root: <c>registries/HOST/HEX</c>, one repository a line, newest first, at
/// most <see cref="MaxRepositoriesPerBlob"/>. Files are replaced by rename, so a reader never sees half a file; two
/// builds writing one file at once may lose a line, which only loses a hint: a wrong or missing hint costs an upload,
/// never a broken push.
/// </summary>
public sealed class BlobLocations
{
    /// <summary>Enough for the few repositories a team pushes one runtime to; older ones are likelier gone.</summary>
    public const int MaxRepositoriesPerBlob = 8;

    private const string Folder = "registries";

    /// <param name="rootDirectory">The cache folder (ContainerizeCacheDirectory); the record lives in its <c>registries</c> folder.</param>
    public BlobLocations(string rootDirectory)
    {
        RootDirectory = Path.Combine(Path.GetFullPath(rootDirectory), Folder);
    }

    /// <summary>The <c>registries</c> folder itself.</summary>
    public string RootDirectory { get; }

    public string GetPath(string registry, Digest digest) => Path.Combine(RootDirectory, EscapeHost(registry), digest.Encoded);

    /// <summary>The repositories of <paramref name="registry"/> recorded as holding <paramref name="digest"/>, most recent first.</summary>
    public IReadOnlyList<string> Find(string registry, Digest digest)
    {
        try
        {
            // A damaged or hand-edited line is skipped: a name the registry would reject must never reach a request.
            return File.ReadAllLines(GetPath(registry, digest))
                .Where(ReferenceGrammar.IsValidRepository)
                .Distinct(StringComparer.Ordinal)
                .Take(MaxRepositoriesPerBlob)
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Records that <paramref name="repository"/> now holds each of <paramref name="digests"/>.</summary>
    public void Record(string registry, string repository, IEnumerable<Digest> digests)
    {
        foreach (Digest digest in digests.Distinct())
        {
            IReadOnlyList<string> known = Find(registry, digest);
            if (known.Count == 0 || known[0] != repository)
            {
                Write(registry, digest, [repository, .. known.Where(name => name != repository).Take(MaxRepositoriesPerBlob - 1)]);
            }
        }
    }

    /// <summary>Drops a hint that proved wrong (the registry did not mount from there).</summary>
    public void Forget(string registry, string repository, Digest digest)
    {
        IReadOnlyList<string> known = Find(registry, digest);
        if (known.Contains(repository))
        {
            Write(registry, digest, known.Where(name => name != repository).ToList());
        }
    }

    /// <summary>Written aside and renamed into place. A hint that cannot be written is not worth failing a push for.</summary>
    private void Write(string registry, Digest digest, IReadOnlyList<string> repositories) =>
        StoreFiles.TryWriteTextByRename(GetPath(registry, digest), string.Concat(repositories.Select(name => name + "\n")));

    /// <summary>
    /// <c>127.0.0.1:5000</c> becomes <c>127.0.0.1_3a5000</c>: letters, digits, '.' and '-' stay, anything else (':' of a
    /// port, the brackets of an IPv6 address) becomes '_' and its hex code, so every host gets its own valid folder name.
    /// </summary>
    internal static string EscapeHost(string registry)
    {
        var escaped = new StringBuilder(registry.Length + 8);
        foreach (char character in registry.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character) || character is '.' or '-')
            {
                escaped.Append(character);
            }
            else
            {
                escaped.Append('_').Append(((int)character).ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
