using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>The public helpers the generated Step and Fit call, at their edges.</summary>
public class TrainingHelpersTests
{
    [Fact]
    public void A_term_exactly_ratio_times_its_tasks_is_not_yet_a_warning()
    {
        var tasks = new Dictionary<string, string[]> { ["ED(A,B)"] = new[] { "A.task", "B.task" } };
        // 10 × (0.25 + 0.5) = 7.5: exact in binary, so the comparison meets the boundary itself.
        var at = new Dictionary<string, double> { ["A.task"] = 0.25, ["B.task"] = 0.5, ["ED(A,B)"] = -7.5 };
        var beyond = new Dictionary<string, double>(at) { ["ED(A,B)"] = -7.5000001 };

        Assert.Empty(MagnitudeChecks.Find(at, tasks));
        var warning = Assert.Single(MagnitudeChecks.Find(beyond, tasks));
        Assert.Equal("ED(A,B)", warning.Term);
    }

    [Fact]
    public void Setting_a_learning_rate_sets_every_parameter_group()
    {
        using var first = nn.Linear(2, 2);
        using var second = nn.Linear(2, 1);
        using var optimizer = optim.Adam(new[] { new TorchSharp.Modules.Adam.ParamGroup(first.parameters()), new TorchSharp.Modules.Adam.ParamGroup(second.parameters()) }, lr: 0.1);

        LearningRates.Set(optimizer, "A", 0.003);

        Assert.All(((OptimizerHelper)optimizer).ParamGroups, g => Assert.Equal(0.003, g.LearningRate));
        Assert.Equal(0.003, LearningRates.Get(optimizer));
    }
}
