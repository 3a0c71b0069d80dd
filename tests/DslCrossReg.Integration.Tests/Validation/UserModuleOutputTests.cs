using System;
using DslCrossReg.Integration.Tests.Networks;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Integration.Tests.Validation;

/// <summary>A generated network checks a Module stage's output against its declared shape, as the interpreter does.</summary>
public class UserModuleOutputTests
{
    [Fact]
    public void A_module_returning_another_shape_than_declared_fails_naming_network_stage_and_shapes()
    {
        using var scope = torch.NewDisposeScope();
        const string Expected = "MisdeclaredStage's module1 (a FiveFeatures) returned [2, 5] Float32 for a batch of 2, but its Module stage declares [*, 4] Float32 per sample.";
        using var generated = new MisdeclaredStage();
        Assert.Equal(Expected, Assert.Throws<InvalidOperationException>(() => generated.call(torch.randn(2, 3))).Message);
        using var interpreted = MisdeclaredStage.Architecture.Build(nameof(MisdeclaredStage));
        Assert.Equal(Expected, Assert.Throws<InvalidOperationException>(() => interpreted.call(torch.randn(2, 3))).Message);
    }
}
