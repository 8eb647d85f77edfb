using Containerize.Oci.Building;
using Containerize.Oci.Logging;
using Containerize.Oci.Planning;
using Containerize.Tasks.Parameters;

namespace Containerize.Tasks.Mapping;

/// <summary>Builds the library's <see cref="ImageBuildRequest"/> from the task's settings: no logic beyond parsing and defaults.</summary>
internal static class ImageRequestFactory
{
    public static ImageBuildRequest Create(ImageTaskSettings settings, string cacheDirectory, IBuildLog log)
    {
        string workingDirectory = SettingsParser.ParseWorkingDirectory(settings.WorkingDirectory);
        (IReadOnlyList<string> entrypoint, IReadOnlyList<string> cmd) = ContainerCommandResolver.Resolve(new ContainerCommandInput
        {
            WorkingDirectory = workingDirectory,
            AppHostFileName = settings.AppHostFileName,
            AppAssemblyFileName = settings.AppAssemblyFileName,
            AppCommand = settings.AppCommand,
            AppCommandArgs = settings.AppCommandArgs,
            DefaultArgs = settings.DefaultArgs,
            AppCommandInstruction = settings.AppCommandInstruction,
            Entrypoint = settings.Entrypoint,
            EntrypointArgs = settings.EntrypointArgs,
        });

        return new ImageBuildRequest
        {
            BaseImage = settings.BaseImage,
            RuntimeIdentifier = settings.RuntimeIdentifier,
            Format = SettingsParser.ParseImageFormat(settings.ImageFormat),
            Timestamp = ReproducibleDefaults.ParseSourceDateEpoch(settings.SourceDateEpoch) ?? ReproducibleDefaults.Timestamp,
            WorkDirectory = Path.GetFullPath(settings.WorkDirectory),
            CacheDirectory = cacheDirectory,
            RunCheck = settings.RunCheck,
            Layers = new LayerPlanRequest
            {
                PublishedFiles = PublishedFileMapper.Map(settings.PublishedFiles, settings.PublishDirectory, settings.PackageRoot),
                RuntimePackIds = new HashSet<string>(settings.RuntimePackIds, StringComparer.OrdinalIgnoreCase),
                AppDirectory = workingDirectory,
                Rules = LayerItemMapper.MapRules(settings.LayerRules),
                ExtraLayers = LayerItemMapper.MapExtraLayers(settings.ExtraLayers),
            },
            Settings = new ImageSettings
            {
                Repository = SettingsParser.ParseRepository(settings.Repository, log),
                Tags = SettingsParser.ParseTags(settings.ImageTag, settings.ImageTags, log),
                User = settings.User,
                WorkingDirectory = workingDirectory,
                WorkingDirectoryOwner = settings.WorkingDirectoryOwner is null ? null : LayerSettingParser.ParseOwner(settings.WorkingDirectoryOwner, "ContainerizeWorkingDirectoryOwner"),
                WorkingDirectoryMode = settings.WorkingDirectoryMode is null ? null : LayerSettingParser.ParseMode(settings.WorkingDirectoryMode, "ContainerizeWorkingDirectoryMode"),
                Ports = SettingsParser.ParsePorts(settings.Ports),
                EnvironmentVariables = SettingsParser.ParseEnvironmentVariables(settings.EnvironmentVariables),
                Labels = SettingsParser.ParseLabels(settings.Labels),
                StandardLabels = SettingsParser.ParseLabels(settings.GeneratedLabels),
                GeneratedLabels = settings.GeneratedLabelKinds,
                Entrypoint = entrypoint,
                Cmd = cmd,
            },
        };
    }
}
