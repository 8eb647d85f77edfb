using System.Text;

namespace Containerize.Oci.Registry.Auth;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge: <c>Basic</c>, or <c>Bearer</c> with realm, service and scope.</summary>
internal sealed record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    /// <summary>Some registries leave the service out; the token request then goes without it.</summary>
    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>Picks Bearer over Basic when a response offers both.</summary>
    public static AuthenticationChallenge? FromResponse(HttpResponseMessage response)
    {
        AuthenticationChallenge? basic = null;
        foreach (System.Net.Http.Headers.AuthenticationHeaderValue value in response.Headers.WwwAuthenticate)
        {
            var challenge = new AuthenticationChallenge(value.Scheme, ParseParameters(value.Parameter ?? string.Empty));
            if (challenge.IsBearer)
            {
                return challenge;
            }

            basic ??= challenge.IsBasic ? challenge : null;
        }

        return basic;
    }

    /// <summary>Parses <c>key="value", key=value</c> lists; commas inside quotes belong to the value (scopes have them).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && (text[position] == ',' || char.IsWhiteSpace(text[position])))
            {
                position++;
            }

            int equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            string key = text[position..equals].Trim();
            position = equals + 1;
            var value = new StringBuilder();
            if (position < text.Length && text[position] == '"')
            {
                position++;
                while (position < text.Length && text[position] != '"')
                {
                    if (text[position] == '\\' && position + 1 < text.Length)
                    {
                        position++;
                    }

                    value.Append(text[position++]);
                }

                position++;
            }
            else
            {
                while (position < text.Length && text[position] != ',')
                {
                    value.Append(text[position++]);
                }
            }

            result[key] = value.ToString().Trim();
        }

        return result;
    }
}
