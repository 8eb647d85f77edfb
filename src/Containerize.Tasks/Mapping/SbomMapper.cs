using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Sbom;
using Containerize.Tasks.Parameters;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// The image's SBOM as a referrer: the deps.json among the files the image holds, the base as the image records it,
/// the image's timestamp. Null when ContainerizeSbom is false.
/// </summary>
internal static class SbomMapper
{
    public static ImageReferrer? Create(ImageTaskSettings settings, ImageBuildRequest request, BuiltImage image)
    {
        if (!settings.Sbom)
        {
            return null;
        }

        string depsFileName = settings.DepsFileName ?? Path.ChangeExtension(settings.AppAssemblyFileName, ".deps.json");
        PublishedFile depsFile = request.Layers.PublishedFiles.FirstOrDefault(file => file.RelativePath == depsFileName)
            ?? throw new ContainerizeException(ErrorCodes.SbomDepsJsonUnreadable,
                $"The SBOM could not be made: the published files hold no '{depsFileName}' (a single-file publish embeds it, GenerateDependencyFile=false leaves it out).",
                "Publish with the deps.json (not single-file), or set ContainerizeSbom=false to build the image without an SBOM.");

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
