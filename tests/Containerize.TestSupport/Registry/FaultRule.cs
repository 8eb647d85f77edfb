namespace Containerize.TestSupport.Registry;

/// <summary>One planned fault: applied to the next <paramref name="Count"/> requests with this method whose path contains the text.</summary>
/// <param name="Skip">Matching requests to forward untouched before the fault applies (the second PATCH, not the first).</param>
public sealed record FaultRule(FaultKind Kind, string Method, string PathContains, int Count, int Skip = 0);
