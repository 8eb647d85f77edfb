namespace Containerize.TestSupport.Registry;

/// <summary>One planned fault: applied to the next <paramref name="Count"/> requests with this method whose path contains the text.</summary>
public sealed record FaultRule(FaultKind Kind, string Method, string PathContains, int Count);
