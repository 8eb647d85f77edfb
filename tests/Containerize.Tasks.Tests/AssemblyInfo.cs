// The integration tests run `dotnet publish`, which uses both cores: one test class at a time keeps them bounded.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
