namespace Containerize.Oci.Errors;

/// <summary>
/// A failure the user can act on: a stable code from <see cref="ErrorCodes"/>, a message that names the value at fault,
/// and a hint saying how to fix it. The MSBuild tasks turn it into an error with that code.
/// </summary>
/// <remarks>Messages must never contain a secret: credentials are described by their source, never by their value.</remarks>
public sealed class ContainerizeException : Exception
{
    public ContainerizeException(string code, string message, string hint, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Hint = hint;
    }

    /// <summary>The stable code, for example <c>CTZ2001</c>.</summary>
    public string Code { get; }

    /// <summary>What the user can do about it.</summary>
    public string Hint { get; }

    public override string ToString() => $"{Code}: {Message} {Hint}";
}
