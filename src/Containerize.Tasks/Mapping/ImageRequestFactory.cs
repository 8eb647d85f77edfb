using Containerize.Tasks.Parameters;
using Containerize.Oci.Building;
using Containerize.Oci.Planning;

namespace Containerize.Tasks.Mapping;

/// <summary>Builds the library's <see cref="ImageBuildRequest"/> from the task's parameters: no logic beyond parsing and defaults.</summary>
internal static class ImageRequestFactory
{
    public static ImageBuildRequest Create(ImageTaskParameters task, string cacheDirectory)
    {
        string workingDirectory = NormalizeDirectory(task.WorkingDirectory);
        (IReadOnlyList<string> entrypoint, IReadOnlyList<string> cmd) = ContainerCommandResolver.Resolve(new ContainerCommandInput
        {
            WorkingDirectory = workingDirectory,
            AppHostFileName = string.IsNullOrWhiteSpace(task.AppHostFileName) ? null : task.AppHostFileName.Trim(),
            AppAssemblyFileName = task.AppAssemblyFileName,
            AppCommand = SettingsParser.Values(task.AppCommand),
            AppCommandArgs = SettingsParser.Values(task.AppCommandArgs),
            DefaultArgs = SettingsParser.Values(task.DefaultArgs),
            AppCommandInstruction = string.IsNullOrWhiteSpace(task.AppCommandInstruction) ? null : task.AppCommandInstruction.Trim(),
            Entrypoint = SettingsParser.Values(task.Entrypoint),
            EntrypointArgs = SettingsParser.Values(task.EntrypointArgs),
        });

        return new ImageBuildRequest
        {
            BaseImage = task.BaseImage.Trim(),
            RuntimeIdentifier = task.RuntimeIdentifier.Trim(),
            Format = SettingsParser.ParseImageFormat(task.ImageFormat),
            Timestamp = ReproducibleDefaults.ParseSourceDateEpoch(task.SourceDateEpoch) ?? ReproducibleDefaults.Timestamp,
            WorkDirectory = Path.GetFullPath(task.WorkDirectory),
            CacheDirectory = cacheDirectory,
            RunCheck = task.RunCheck,
            Layers = new LayerPlanRequest
            {
                PublishedFiles = PublishedFileMapper.Map(task.PublishedFiles, task.PublishDirectory, task.PackageRoot),
                RuntimePackIds = new HashSet<string>(task.RuntimePackIds.Where(id => id.Length > 0), StringComparer.OrdinalIgnoreCase),
                AppDirectory = workingDirectory,
                Rules = LayerItemMapper.MapRules(task.LayerRules),
                ExtraLayers = LayerItemMapper.MapExtraLayers(task.ExtraLayers),
            },
            Settings = new ImageSettings
            {
                Repository = task.Repository.Trim(),
                Tags = SettingsParser.ParseTags(task.ImageTag, task.ImageTags),
                User = string.IsNullOrWhiteSpace(task.User) ? null : task.User.Trim(),
                WorkingDirectory = workingDirectory,
                WorkingDirectoryOwner = string.IsNullOrWhiteSpace(task.WorkingDirectoryOwner) ? null : LayerSettingParser.ParseOwner(task.WorkingDirectoryOwner, "ContainerizeWorkingDirectoryOwner"),
                WorkingDirectoryMode = string.IsNullOrWhiteSpace(task.WorkingDirectoryMode) ? null : LayerSettingParser.ParseMode(task.WorkingDirectoryMode, "ContainerizeWorkingDirectoryMode"),
                Ports = SettingsParser.ParsePorts(task.Ports),
                EnvironmentVariables = SettingsParser.ParseNamedValues(task.EnvironmentVariables, "ContainerEnvironmentVariable", Oci.Errors.ErrorCodes.InvalidEnvironmentVariable),
                Labels = SettingsParser.ParseNamedValues(task.Labels, "ContainerLabel", Oci.Errors.ErrorCodes.InvalidLabel),
                Entrypoint = entrypoint,
                Cmd = cmd,
            },
        };
    }

    /// <summary>The SDK writes <c>/app/</c>; the library wants <c>/app</c> (and joins paths itself, avoiding the SDK's <c>/appX.dll</c> trap).</summary>
    internal static string NormalizeDirectory(string? directory)
    {
        string value = string.IsNullOrWhiteSpace(directory) ? "/app" : directory.Trim();
        return value.Length > 1 ? value.TrimEnd('/') : value;
    }
}
