namespace Containerize.Oci.Errors;

/// <summary>
/// Every stable error code, in bands: CTZ1xxx registry and network, CTZ2xxx configuration and input,
/// CTZ3xxx local outputs and cache, CTZ4xxx internal. Each one is described in docs/errors.md; a code is never reused.
/// </summary>
public static class ErrorCodes
{
    // CTZ1xxx: registry and network (see Registry/).
    public const string RegistryUnreachable = "CTZ1001";
    public const string RegistryTlsFailure = "CTZ1002";
    public const string RegistryUnauthorized = "CTZ1003";
    public const string RegistryForbidden = "CTZ1004";
    public const string RegistryImageNotFound = "CTZ1005";
    public const string RegistryPlatformNotFound = "CTZ1006";
    public const string RegistryNameRejected = "CTZ1007";
    public const string RegistryManifestRejected = "CTZ1008";
    public const string RegistryBlobUploadFailed = "CTZ1009";
    public const string RegistryDigestMismatch = "CTZ1010";
    public const string RegistryRetriesExhausted = "CTZ1011";
    public const string RegistryProtocolError = "CTZ1012";
    public const string RegistryInsecureRefused = "CTZ1013";
    public const string RegistryCredentialHelperFailed = "CTZ1014";
    public const string CredentialVariableRecorded = "CTZ1015";
    public const string RegistryRejectedBlobContent = "CTZ1016";
    public const string RegistryUploadSessionLost = "CTZ1017";

    // CTZ20xx: image references and image settings.
    public const string InvalidBaseImageReference = "CTZ2001";
    public const string BaseImageNotFound = "CTZ2002";
    public const string BaseImageTagNotFound = "CTZ2003";
    public const string BaseImagePlatformNotFound = "CTZ2004";
    public const string InvalidRepositoryName = "CTZ2005";
    public const string InvalidTag = "CTZ2006";
    public const string InvalidUser = "CTZ2007";
    public const string InvalidPort = "CTZ2008";
    public const string InvalidEnvironmentVariable = "CTZ2009";
    public const string InvalidLabel = "CTZ2010";
    public const string InvalidImageFormat = "CTZ2011";
    public const string UnsupportedRuntimeIdentifier = "CTZ2012";
    public const string InvalidWorkingDirectory = "CTZ2013";
    public const string InvalidSourceDateEpoch = "CTZ2014";
    public const string InvalidEntrypoint = "CTZ2015";
    public const string InvalidRegistry = "CTZ2016";
    public const string InvalidBaseImageContent = "CTZ2017";
    public const string InvalidRegistrySetting = "CTZ2018";
    public const string InvalidDefaultBaseRegistry = "CTZ2019";

    // CTZ2030-2049: MSBuild property values and the SDK's compatibility rules (warnings are marked).
    public const string InvalidPropertyValue = "CTZ2030";
    public const string InvalidLocalRegistry = "CTZ2031";
    /// <summary>A warning: ContainerRepository was fixed up the way the SDK does (lower case, spaces to dashes).</summary>
    public const string RepositoryFixedUp = "CTZ2032";
    /// <summary>A warning: ContainerImageName is the SDK's obsolete name for ContainerRepository.</summary>
    public const string ObsoleteImageName = "CTZ2033";
    /// <summary>A warning: both ContainerImageTag and ContainerImageTags are set; ContainerImageTags wins.</summary>
    public const string ConflictingTagProperties = "CTZ2034";

    // CTZ21xx: the layer plan (rules, extra layers, collisions).
    public const string LayerRuleMatchesNothing = "CTZ2101";
    public const string LayerPathCollision = "CTZ2102";
    public const string ExtraLayerFolderMissing = "CTZ2103";
    public const string InvalidFileMode = "CTZ2104";
    public const string InvalidOwner = "CTZ2105";
    public const string InvalidLayerName = "CTZ2106";
    public const string InvalidLayerRule = "CTZ2107";
    public const string InvalidContainerPath = "CTZ2108";
    public const string PublishedFileChanged = "CTZ2109";

    // CTZ22xx: the run check (can the image start?) and base compatibility.
    public const string RunCheckCommandMissing = "CTZ2201";
    public const string RunCheckNotExecutable = "CTZ2202";
    public const string RunCheckArchitectureMismatch = "CTZ2203";
    public const string RunCheckDynamicOnScratch = "CTZ2204";
    public const string RunCheckGlibcOnMusl = "CTZ2205";
    public const string RunCheckMuslOnGlibc = "CTZ2206";
    public const string RunCheckLoaderMissing = "CTZ2207";
    public const string RunCheckLibraryMissing = "CTZ2208";
    public const string RunCheckDotnetMissing = "CTZ2209";
    public const string RunCheckSkipped = "CTZ2210";
    public const string BaseInferenceMixedRuntimeIdentifiers = "CTZ2211";
    public const string BaseInferenceInvalidSdkVersion = "CTZ2212";

    // CTZ3xxx: local outputs and cache.
    public const string OutputWriteFailed = "CTZ3001";
    public const string PublishedFileMissing = "CTZ3002";
    public const string BlobCorrupt = "CTZ3003";
    public const string CacheUnusable = "CTZ3004";
    public const string CacheEntryDamaged = "CTZ3005";
    public const string LocalBlobUnreadable = "CTZ3006";

    // CTZ3040-3049: the SBOM.
    public const string SbomDepsJsonUnreadable = "CTZ3040";

    // CTZ3030-3039: the local engine (docker, podman).
    public const string LocalEngineUnavailable = "CTZ3030";
    public const string LocalEngineLoadFailed = "CTZ3031";

    // CTZ4xxx: internal errors (a bug in Containerize.Tasks; please report it).
    public const string Internal = "CTZ4001";
}
