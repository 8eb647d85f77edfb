namespace Containerize.Oci.Layers;

/// <summary>The standard layers, in the order they are stacked: least volatile first.</summary>
public enum LayerKind
{
    /// <summary>Files from the .NET runtime packs (self-contained and AOT apps). Same runtime and RID, same digest.</summary>
    Runtime,

    /// <summary>NuGet package assets with release versions.</summary>
    Packages,

    /// <summary>NuGet package assets whose version has a prerelease label.</summary>
    PrereleasePackages,

    /// <summary>Assemblies and files that come from ProjectReferences.</summary>
    ProjectReferences,

    /// <summary>A layer named by a user's layer rule (files moved out of the standard layers by a glob).</summary>
    Custom,

    /// <summary>The app's own files: its assembly, apphost, deps and runtimeconfig, content, symbols.</summary>
    App,

    /// <summary>A folder of extra files that the user adds (not from the publish output).</summary>
    Extra,
}
