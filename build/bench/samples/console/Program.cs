using Newtonsoft.Json;

Console.WriteLine("Hello from the benchmark's console sample");
Console.WriteLine(JsonConvert.SerializeObject(new { edit = BenchEdit.Value, sum = Enumerable.Range(1, 10).Sum() }));
