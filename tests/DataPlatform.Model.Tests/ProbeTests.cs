namespace DataPlatform.Model.Tests;
public class ProbeTests { [Fact] public void Torch_loads() => Assert.Equal("4", Placeholder.Probe()); }
