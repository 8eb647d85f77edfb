using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Sbom;
using Containerize.Tasks.Parameters;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// The image's SBOM as a referrer: the deps.json among the files the image holds, the base as the image records it,
/// the image's timestamp. Null when ContainerizeSbom is false, and when the publish has no deps.json (Native AOT and
/// single-file apps), which is said in the log: such an app still gets its image.
/// </summary>
internal static class SbomMapper
{
    public static ImageReferrer? Create(ImageTaskSettings settings, ImageBuildRequest request, BuiltImage image, IBuildLog log)
    {
        if (!settings.Sbom)
        {
            return null;
        }

        string depsFileName = settings.DepsFileName ?? Path.ChangeExtension(settings.AppAssemblyFileName, ".deps.json");
        PublishedFile? depsFile = request.Layers.PublishedFiles.FirstOrDefault(file => file.RelativePath == depsFileName);
        if (depsFile is null)
        {
            log.Info($"No SBOM: the published files hold no '{depsFileName}' (Native AOT and single-file publishes have none, GenerateDependencyFile=false leaves it out).");
            return null;
        }

        var sbom = new SbomRequest
        {
            AppName = Path.GetFileNameWithoutExtension(settings.AppAssemblyFileName),
            Components = DepsJsonReader.Read(depsFile.SourcePath),
            BaseName = image.Base.Name,
            BaseDigest = image.Base.ManifestDigest,
            Timestamp = request.Timestamp,
        };
        return SbomReferrer.Create(CycloneDxWriter.Write(sbom), CycloneDxWriter.MediaType, image.Manifest with { Annotations = null });
    }
}
