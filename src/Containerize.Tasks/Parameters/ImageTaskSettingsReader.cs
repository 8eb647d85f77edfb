using System.Globalization;
using Containerize.Oci.Building;
using Containerize.Oci.Errors;

namespace Containerize.Tasks.Parameters;

/// <summary>
/// Reads the task's parameters into <see cref="ImageTaskSettings"/>. Numbers and switches arrive as text, so a bad value
/// (<c>ContainerizeMaxParallelUploads=abc</c>) is our CTZ2030 naming the property, not MSBuild's MSB4030 naming a task parameter.
/// </summary>
internal static class ImageTaskSettingsReader
{
    public static ImageTaskSettings Read(ImageTaskParameters task) => new()
    {
        PublishedFiles = task.PublishedFiles,
        PublishDirectory = task.PublishDirectory,
        PackageRoot = Text(task.PackageRoot),
        RuntimePackIds = task.RuntimePackIds.Where(id => id.Length > 0).ToArray(),
        BaseImage = task.BaseImage.Trim(),
        RuntimeIdentifier = task.RuntimeIdentifier.Trim(),
        Repository = task.Repository.Trim(),
        ImageTag = Text(task.ImageTag),
        ImageTags = Text(task.ImageTags),
        User = Text(task.User),
        WorkingDirectory = Text(task.WorkingDirectory),
        WorkingDirectoryOwner = Text(task.WorkingDirectoryOwner),
        WorkingDirectoryMode = Text(task.WorkingDirectoryMode),
        Ports = task.Ports,
        EnvironmentVariables = task.EnvironmentVariables,
        Labels = task.Labels,
        GeneratedLabels = task.GeneratedLabels,
        GeneratedLabelKinds =
            (Boolean("ContainerGenerateLabelsImageCreated", task.GenerateCreatedLabels, false) ? GeneratedLabels.Created : GeneratedLabels.None)
            | (Boolean("ContainerGenerateLabelsImageBaseName", task.GenerateBaseNameLabel, true) ? GeneratedLabels.BaseName : GeneratedLabels.None)
            | (Boolean("ContainerGenerateLabelsImageBaseDigest", task.GenerateBaseDigestLabel, true) ? GeneratedLabels.BaseDigest : GeneratedLabels.None),
        Entrypoint = Values(task.Entrypoint),
        EntrypointArgs = Values(task.EntrypointArgs),
        AppCommand = Values(task.AppCommand),
        AppCommandArgs = Values(task.AppCommandArgs),
        DefaultArgs = Values(task.DefaultArgs),
        AppCommandInstruction = Text(task.AppCommandInstruction),
        AppHostFileName = Text(task.AppHostFileName),
        AppAssemblyFileName = task.AppAssemblyFileName.Trim(),
        ImageFormat = Text(task.ImageFormat),
        LayerRules = task.LayerRules,
        PlatformItems = task.PlatformItems,
        ExtraLayers = task.ExtraLayers,
        SourceDateEpoch = Text(task.SourceDateEpoch),
        ArchiveOutputPath = Text(task.ArchiveOutputPath),
        DefaultArchiveDirectory = task.DefaultArchiveDirectory,
        OciLayoutPath = Text(task.OciLayoutPath),
        WorkDirectory = task.WorkDirectory,
        Registry = Text(task.Registry),
        LocalRegistry = Text(task.LocalRegistry),
        InsecureRegistries = task.InsecureRegistries,
        RegistryCertificateAuthority = Text(task.RegistryCertificateAuthority),
        ChunkedUpload = Boolean("ContainerizeChunkedUpload", task.ChunkedUpload, false),
        MaxParallelUploads = (int)Number("ContainerizeMaxParallelUploads", task.MaxParallelUploads, 4, int.MaxValue),
        RegistryTimeout = Number("ContainerizeRegistryTimeout", task.RegistryTimeout, 300, long.MaxValue),
        MountFromRepository = Text(task.MountFromRepository),
        CacheDirectory = Text(task.CacheDirectory),
        CacheMaxSizeMB = Number("ContainerizeCacheMaxSizeMB", task.CacheMaxSizeMB, 10240, long.MaxValue),
        RunCheck = Boolean("ContainerizeRunCheck", task.RunCheck, true),
        Sbom = Boolean("ContainerizeSbom", task.Sbom, true),
        DepsFileName = Text(task.DepsFileName),
    };

    /// <summary>MSBuild's own forms: true/false, on/off, yes/no, in any case (what a Condition accepts); empty is the default.</summary>
    internal static bool Boolean(string property, string? value, bool defaultValue) =>
        value?.Trim().ToLowerInvariant() switch
        {
            null or "" => defaultValue,
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw new ContainerizeException(ErrorCodes.InvalidPropertyValue,
                $"{property} '{value}' is not true or false.",
                $"Set {property} to true or false, or leave it empty for the default ({defaultValue.ToString().ToLowerInvariant()})."),
        };

    /// <summary>A whole number from 0 to <paramref name="maximum"/>; empty is the default. Ranges narrower than that are each setting's own rule.</summary>
    internal static long Number(string property, string? value, long defaultValue, long maximum)
    {
        string text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return defaultValue;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number > maximum)
        {
            throw new ContainerizeException(ErrorCodes.InvalidPropertyValue,
                $"{property} '{value}' is not a whole number.",
                $"Set {property} to a number such as {defaultValue}, or leave it empty for the default ({defaultValue}).");
        }

        return number;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Values(IEnumerable<Microsoft.Build.Framework.ITaskItem> items) => items.Select(item => item.ItemSpec).ToArray();
}
