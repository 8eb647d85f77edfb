namespace Containerize.TestSupport.Registry;

/// <summary>Distribution's token authentication: where clients get tokens, and which certificates sign them.</summary>
public sealed record TokenAuthSettings(string Realm, string Service, string Issuer, string RootCertificateBundlePath);
