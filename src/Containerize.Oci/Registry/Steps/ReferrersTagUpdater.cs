using System.Net;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Makes a pushed referrer findable. A registry with the referrers API (<c>GET /v2/NAME/referrers/DIGEST</c> answers)
/// lists it by its <c>subject</c> by itself; for one without (distribution 2.8), the OCI referrers tag schema: the tag
/// <c>sha256-HEX</c> of the subject holds an index of its referrers, read, added to and pushed again.
/// </summary>
internal sealed class ReferrersTagUpdater(RegistryEndpointCaller caller, ManifestPuller puller, ManifestPusher pusher)
{
    /// <summary>The referrers tag schema's tag for a subject: <c>sha256-HEX</c>.</summary>
    public static string TagFor(Digest subject) => $"{subject.Algorithm}-{subject.Encoded}";

    /// <summary>True when the registry answers the referrers API for this subject (and so needs no tag).</summary>
    public async Task<bool> HasReferrersApiAsync(string repository, Digest subject, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = new Uri($"/v2/{repository}/referrers/{subject}", UriKind.Relative),
            Operation = RegistryOperation.CheckManifest,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Accept = [MediaTypes.OciIndex],
            ExpectedStatuses = [HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.MethodNotAllowed],
            Subject = subject.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK
            && MediaTypes.IsIndex(response.Message.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Adds <paramref name="entry"/> to the subject's referrers tag (made when missing); an entry already there is kept once.</summary>
    public async Task AddAsync(string repository, Digest subject, Descriptor entry, CancellationToken cancellationToken)
    {
        string tag = TagFor(subject);
        IReadOnlyList<Descriptor> existing = await ReadAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        if (existing.Any(descriptor => descriptor.Digest == entry.Digest))
        {
            return;
        }

        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. existing, entry] };
        byte[] bytes = OciJson.Serialize(index);
        await pusher.PushAsync(repository, tag, bytes, MediaTypes.OciIndex, Digest.ComputeSha256(bytes), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Descriptor>> ReadAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        using (RegistryResponse head = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Head,
            Uri = RegistryPaths.Manifest(repository, tag),
            Operation = RegistryOperation.CheckManifest,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Accept = [MediaTypes.OciIndex],
            ExpectedStatuses = [HttpStatusCode.NotFound],
            Subject = tag,
        }, cancellationToken).ConfigureAwait(false))
        {
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                return [];
            }
        }

        PulledManifest pulled = await puller.PullAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        return MediaTypes.IsIndex(pulled.MediaType) ? OciJson.Deserialize<ImageIndex>(pulled.Bytes).Manifests : [];
    }
}
