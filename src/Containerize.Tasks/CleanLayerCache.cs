using Containerize.Oci.Storage;
using Microsoft.Build.Framework;

namespace Containerize.Tasks;

/// <summary>Empties the machine-wide layer cache (<c>dotnet msbuild -t:ContainerizeCleanCache</c>).</summary>
public sealed class CleanLayerCache : Microsoft.Build.Utilities.Task
{
    /// <summary>ContainerizeCacheDirectory.</summary>
    [Required]
    public string CacheDirectory { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            new LayerCache(CacheDirectory).Clear();
            Log.LogMessage(MessageImportance.High, $"Layer cache emptied: {CacheDirectory}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.LogError(subcategory: null, Oci.Errors.ErrorCodes.CacheUnusable, helpKeyword: null, file: null, 0, 0, 0, 0,
                "The layer cache '{0}' could not be emptied: {1} Close builds that use it, or delete the folder by hand.", CacheDirectory, exception.Message);
        }

        return !Log.HasLoggedErrors;
    }
}
