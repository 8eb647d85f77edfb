using Containerize.Oci.Errors;

namespace Containerize.Oci.References;

/// <summary>Where a base image is read from.</summary>
public enum BaseImageKind
{
    /// <summary>No base: an empty root file system.</summary>
    Scratch,

    /// <summary>An OCI image layout folder (<c>oci:DIR[:TAG]</c>).</summary>
    OciLayout,

    /// <summary>A tar of an OCI image layout (<c>oci-archive:FILE[:TAG]</c>).</summary>
    OciArchive,

    /// <summary>A registry reference such as <c>mcr.microsoft.com/dotnet/runtime-deps:10.0</c>.</summary>
    Registry,
}

/// <summary>
/// A parsed <c>ContainerBaseImage</c>: <c>scratch</c>, skopeo's <c>oci:</c> and <c>oci-archive:</c> forms, or a
/// registry reference. Other transports (<c>docker-daemon:</c>, <c>containers-storage:</c>, …) are refused up front.
/// </summary>
public sealed record BaseImageReference
{
    /// <summary>The forms we accept, for error messages.</summary>
    public const string AcceptedForms =
        "Use 'scratch', 'oci:<folder>[:<tag>]', 'oci-archive:<file.tar>[:<tag>]' or a registry reference such as 'mcr.microsoft.com/dotnet/runtime-deps:10.0'.";

    private static readonly string[] s_refusedTransports =
        ["docker", "docker-daemon", "docker-archive", "containers-storage", "dir", "sif", "ostree", "tarball"];

    private BaseImageReference(string text, BaseImageKind kind)
    {
        Text = text;
        Kind = kind;
    }

    /// <summary>The reference as the user wrote it (trimmed).</summary>
    public string Text { get; }

    public BaseImageKind Kind { get; }

    /// <summary>The layout folder or archive file for <see cref="BaseImageKind.OciLayout"/> and <see cref="BaseImageKind.OciArchive"/>.</summary>
    public string? Path { get; private init; }

    /// <summary>The tag inside a layout or archive (<c>org.opencontainers.image.ref.name</c>); null picks its only image.</summary>
    public string? LayoutTag { get; private init; }

    /// <summary>The registry reference for <see cref="BaseImageKind.Registry"/>.</summary>
    public ImageReference? Registry { get; private init; }

    /// <summary>
    /// The name recorded in the image (<c>org.opencontainers.image.base.name</c>): the reference itself for registry and
    /// scratch bases, and for local bases only the folder or file name with the tag, so that a machine's absolute path
    /// never reaches the image and two clones in different folders build the same digest.
    /// </summary>
    public string RecordedName => Kind switch
    {
        BaseImageKind.OciLayout or BaseImageKind.OciArchive =>
            $"{(Kind == BaseImageKind.OciLayout ? "oci" : "oci-archive")}:{System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path!))}{(LayoutTag is null ? "" : ":" + LayoutTag)}",
        _ => Text,
    };

    public override string ToString() => Text;

    public static BaseImageReference Parse(string? value)
    {
        string text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw Invalid(text, "it is empty");
        }

        if (text == "scratch")
        {
            return new BaseImageReference(text, BaseImageKind.Scratch);
        }

        if (TryParseLocal(text, "oci-archive:", BaseImageKind.OciArchive, out BaseImageReference? archive))
        {
            return archive;
        }

        if (TryParseLocal(text, "oci:", BaseImageKind.OciLayout, out BaseImageReference? layout))
        {
            return layout;
        }

        int colon = text.IndexOf(':');
        if (colon > 0 && Array.IndexOf(s_refusedTransports, text[..colon]) >= 0)
        {
            throw Invalid(text, $"the transport '{text[..colon]}:' is not supported");
        }

        try
        {
            return new BaseImageReference(text, BaseImageKind.Registry) { Registry = ImageReference.Parse(text) };
        }
        catch (ContainerizeException exception)
        {
            throw Invalid(text, exception.Message.TrimEnd('.'), exception);
        }
    }

    private static bool TryParseLocal(string text, string prefix, BaseImageKind kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BaseImageReference? reference)
    {
        reference = null;
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // skopeo's rule: the path ends at the first colon, the rest is the tag; a Windows drive letter's colon is part of the path.
        string rest = text[prefix.Length..];
        bool driveLetter = rest.Length >= 3 && char.IsAsciiLetter(rest[0]) && rest[1] == ':' && rest[2] is '\\' or '/';
        int colon = rest.IndexOf(':', driveLetter ? 2 : 0);
        string path = colon < 0 ? rest : rest[..colon];
        string? tag = colon < 0 ? null : rest[(colon + 1)..];
        if (path.Length == 0)
        {
            throw Invalid(text, $"'{prefix}' must be followed by a path");
        }

        if (tag is not null && tag.Length == 0)
        {
            throw Invalid(text, "the tag after the path is empty");
        }

        reference = new BaseImageReference(text, kind) { Path = path, LayoutTag = tag };
        return true;
    }

    private static ContainerizeException Invalid(string text, string reason, Exception? inner = null) =>
        new(ErrorCodes.InvalidBaseImageReference, $"The base image '{text}' is not valid: {reason}.", AcceptedForms, inner);
}
